import { dayOf, isoOf } from './dates';
import { communityBoxes, ringOf, tile } from './geometry';
import { COMMUNITY_LAYOUT, DISTRICT, GRIDS_MERGED_ON, type CommunityLayout } from './layout';
import { givenName, mobile, placeName, ROAD_SUFFIXES, surname } from './names';
import type { CommunityPlan, CommunityRow, GridRow, HouseRow, SubdistrictPlan, Taken } from './types';
import type { Random } from './random';

/** One community of a block while the plan is built: its current grids, later its houses. */
export interface Area {
  community: CommunityRow;
  layout: CommunityLayout;
  subdistrict: SubdistrictPlan;
  /** Current grids only; retired ones take no buildings, residents or workers. */
  grids: GridRow[];
  houses: HouseRow[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const RETIRED_TO = isoOf(dayOf(GRIDS_MERGED_ON) - 1);
/** When the pre-merge grids were drawn: most with the 2016 roll-out, a few split off later. */
const RETIRED_FROM = ['2016-01-01', '2016-01-01', '2016-01-01', '2017-07-01', '2019-03-01'];

export const workerName = (r: Random): string => {
  const sex = r.chance(0.5) ? 'MALE' : 'FEMALE';
  return surname(r) + givenName(r, sex, r.int(1965, 1998));
};

export function uniquePhone(r: Random, taken: Taken): string {
  for (;;) {
    const phone = mobile(r);
    if (!taken.phones.has(phone)) {
      taken.phones.add(phone);
      return phone;
    }
  }
}

/** Communities, grids (retired pre-merge ones first, as they were created first), party branches, workers. */
export function planTerritory(plan: CommunityPlan, r: Random, subdistrict: SubdistrictPlan, block: number, taken: Taken): Area[] {
  const names = new Set<string>();
  const areas = COMMUNITY_LAYOUT.map((layout, i): Area => {
    const ordinal = COMMUNITY_LAYOUT.slice(0, i).filter((l) => l.kind === layout.kind).length;
    let name = layout.name;
    if (block > 0) {
      do name = placeName(r) + (layout.kind === 'VILLAGE' ? '村' : '社区');
      while (names.has(name));
    }
    names.add(name);
    // Division codes: residents' committees number from 001, villagers' committees from 200.
    const local = layout.kind === 'VILLAGE' ? 200 + ordinal + 1 : ordinal + 1;
    const community: CommunityRow = {
      id: plan.communities.length + 1,
      code: `${subdistrict.code}${pad(local, 3)}`,
      name,
      kind: layout.kind,
      subdistrictId: subdistrict.id,
      station: `${name}治理工作站`,
      address: layout.kind === 'VILLAGE'
        ? `${DISTRICT.name}${subdistrict.name}${name}村委会`
        : `${DISTRICT.name}${subdistrict.name}${placeName(r)}${r.pick(ROAD_SUFFIXES)}${r.int(1, 300)}号`,
    };
    plan.communities.push(community);
    return { community, layout, subdistrict, grids: [], houses: [] };
  });

  planGrids(plan, r, areas, block);
  planPartyBranches(plan, r, areas);
  planWorkers(plan, r, areas, taken);
  return areas;
}

function planGrids(plan: CommunityPlan, r: Random, areas: Area[], block: number): void {
  const retiredTotal = areas.reduce((sum, a) => sum + a.layout.retiredGrids, 0);
  let nextCurrentId = plan.grids.length + retiredTotal + 1;
  const currentIds = areas.map((a) => Array.from({ length: a.layout.currentGrids }, () => nextCurrentId++));

  areas.forEach((area, i) => {
    const ids = currentIds[i]!;
    // Every current grid replaced at least one old grid; the remaining old grids were merged into random ones.
    const successors = r.shuffle([...ids, ...Array.from({ length: area.layout.retiredGrids - ids.length }, () => r.pick(ids))]);
    successors.forEach((successorId, k) => {
      plan.grids.push({
        id: plan.grids.length + 1,
        code: `${area.community.code}R${pad(k + 1, 3)}`,
        name: `${area.community.name}原第${k + 1}网格`,
        communityId: area.community.id,
        kind: area.layout.kind === 'VILLAGE' ? 'RURAL' : 'URBAN',
        partyBranchId: null,
        validFrom: r.pick(RETIRED_FROM),
        validTo: RETIRED_TO,
        successorId,
        // Only the current division is drawn; a retired grid's area is its successors'.
        boundary: null,
      });
    });
  });

  // The current grids tile their community's box; the communities tile the block.
  const communityBox = communityBoxes(block + 1, areas.length);
  areas.forEach((area, i) => {
    const cells = tile(communityBox[i]!, area.layout.currentGrids);
    for (let k = 1; k <= area.layout.currentGrids; k++) {
      const grid: GridRow = {
        id: plan.grids.length + 1,
        code: `${area.community.code}${pad(k, 3)}`,
        // Rural grids follow the villager groups (村民小组).
        name: area.layout.kind === 'VILLAGE' ? `${area.community.name}${k}组网格` : `${area.community.name}第${k}网格`,
        communityId: area.community.id,
        kind: area.layout.kind === 'VILLAGE' ? 'RURAL' : 'URBAN',
        partyBranchId: null,
        validFrom: GRIDS_MERGED_ON,
        validTo: null,
        successorId: null,
        boundary: ringOf(cells[k - 1]!),
      };
      plan.grids.push(grid);
      area.grids.push(grid);
    }
  });
}

/**
 * Nine grid party branches per block: one per urban community, and one joint branch per pair of villages
 * (small villages share a branch). Every current grid is covered; retired grids predate the branches.
 */
function planPartyBranches(plan: CommunityPlan, r: Random, areas: Area[]): void {
  const urban = areas.filter((a) => a.layout.kind === 'COMMUNITY').map((a) => [a]);
  const villages = areas.filter((a) => a.layout.kind === 'VILLAGE');
  const villagePairs = Array.from({ length: Math.ceil(villages.length / 2) }, (_, i) => villages.slice(2 * i, 2 * i + 2));
  for (const covered of [...urban, ...villagePairs]) {
    const id = plan.organizations.length + 1;
    const joint = covered.length > 1;
    plan.organizations.push({
      id,
      name: `${covered.map((a) => a.community.name).join('')}${joint ? '联合' : ''}网格党支部`,
      kind: 'PARTY_BRANCH',
      communityId: covered[0]!.community.id,
      contactName: workerName(r),
    });
    for (const area of covered) for (const grid of area.grids) grid.partyBranchId = id;
  }
}

/** Full-time workers in urban communities, part-time in villages; grids dealt round-robin, 1–3 each. */
function planWorkers(plan: CommunityPlan, r: Random, areas: Area[], taken: Taken): void {
  for (const area of areas) {
    const workerIds = Array.from({ length: area.layout.workers }, () => {
      const id = plan.workers.length + 1;
      plan.workers.push({
        id,
        name: workerName(r),
        kind: area.layout.kind === 'VILLAGE' ? 'PART_TIME' : 'FULL_TIME',
        phone: uniquePhone(r, taken),
        communityId: area.community.id,
      });
      return id;
    });
    r.shuffle(area.grids).forEach((grid, k) => {
      plan.assignments.push({ id: plan.assignments.length + 1, workerId: workerIds[k % workerIds.length]!, gridId: grid.id });
    });
  }
}
