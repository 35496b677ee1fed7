import { apportion } from './apportion';
import { DEMO_COMPLEX, DISTRICT } from './layout';
import { COMPLEX_SUFFIXES, placeName, ROAD_SUFFIXES } from './names';
import type { BuildingRow, CommunityPlan, ComplexPlan, HouseRow } from './types';
import type { Random } from './random';
import { workerName, type Area } from './territory';

/** Apartment blocks by era: 1990s walk-ups, 2000s mid-rise, 2010s high-rise; `houses` is a typical size. */
const BUILDING_CLASSES = [
  { weight: 3, houses: 12, floors: [5, 7] },
  { weight: 4, houses: 30, floors: [9, 18] },
  { weight: 3, houses: 55, floors: [18, 33] },
] as const;

/** Most houses have residents nobody registered here (the coverage gap the hub reports), some stand empty. */
const UNREGISTERED_USE: readonly (readonly [string, number])[] = [['SELF_OCCUPIED', 60], ['RENTED', 20], ['VACANT', 15], ['OTHER', 5]];

const jitter = (r: Random, low: number, high: number) => low + r.next() * (high - low);

/** Complexes, buildings and houses of each community, then the organisations that go with them. */
export function planHousing(plan: CommunityPlan, r: Random, areas: Area[], block: number): void {
  const complexNames = new Set<string>();
  for (const area of areas) {
    if (area.layout.kind === 'VILLAGE') planVillage(plan, r, area);
    else planUrban(plan, r, area, complexNames, block === 0 && area === areas[0]);
  }
  planOrganizations(plan, r, areas);
}

/** Grids and complexes are both contiguous runs of buildings, with independent borders (a big complex spans grids). */
function gridOfEachBuilding(r: Random, area: Area): number[] {
  const perGrid = apportion(area.layout.buildings, area.grids.map(() => jitter(r, 0.8, 1.2)), 1);
  return area.grids.flatMap((grid, i) => Array<number>(perGrid[i]!).fill(grid.id));
}

function planUrban(plan: CommunityPlan, r: Random, area: Area, names: Set<string>, withDemoComplex: boolean): void {
  const gridIds = gridOfEachBuilding(r, area);
  const classes = gridIds.map(() => r.weighted(BUILDING_CLASSES.map((c) => [c, c.weight] as const)));
  const houseCounts = apportion(area.layout.houses, classes.map((c) => c.houses * jitter(r, 0.8, 1.2)), 4);
  const perComplex = apportion(area.layout.buildings, Array.from({ length: area.layout.complexes }, () => jitter(r, 0.6, 1.4)), 2);

  let b = 0;
  perComplex.forEach((count, k) => {
    let name = withDemoComplex && k === 0 ? DEMO_COMPLEX : '';
    while (!name || names.has(name)) name = placeName(r) + r.pick(COMPLEX_SUFFIXES);
    names.add(name);
    const complex: ComplexPlan = {
      id: plan.complexes.length + 1,
      name,
      communityId: area.community.id,
      address: `${DISTRICT.name}${area.subdistrict.name}${placeName(r)}${r.pick(ROAD_SUFFIXES)}${r.int(1, 500)}号`,
      buildingIds: [],
    };
    plan.complexes.push(complex);
    for (let n = 1; n <= count; n++, b++) {
      const cls = classes[b]!;
      const houses = houseCounts[b]!;
      // Two doors per unit and floor; the unit count keeps the block within its era's height.
      const units = Math.max(1, Math.round(houses / (2 * r.int(cls.floors[0], cls.floors[1]))));
      const building: BuildingRow = {
        id: plan.buildings.length + 1,
        name: `${name}${n}栋`,
        address: `${complex.address}${name}${n}栋`,
        communityId: area.community.id,
        gridId: gridIds[b]!,
        // Street-side walk-ups and mid-rises often have shops on the ground floor.
        kind: cls.houses < 50 && r.chance(0.08) ? 'MIXED' : 'RESIDENTIAL',
        floors: Math.ceil(houses / (2 * units)),
      };
      plan.buildings.push(building);
      complex.buildingIds.push(building.id);
      for (let h = 0; h < houses; h++) {
        const floor = 1 + Math.floor(h / (2 * units));
        const door = h % (2 * units);
        addHouse(plan, r, area, building, String(1 + Math.floor(door / 2)), floor, `${floor}${String(1 + (door % 2)).padStart(2, '0')}`, [45, 140]);
      }
    }
  });
}

/** Village houses: one building per homestead, a few with a second household upstairs. */
function planVillage(plan: CommunityPlan, r: Random, area: Area): void {
  const gridIds = gridOfEachBuilding(r, area);
  const houseCounts = apportion(area.layout.houses, gridIds.map(() => r.next()), 1);
  const groupOf = new Map(area.grids.map((g, k) => [g.id, k + 1]));
  const numberInGroup = new Map<number, number>();
  gridIds.forEach((gridId, b) => {
    const n = (numberInGroup.get(gridId) ?? 0) + 1;
    numberInGroup.set(gridId, n);
    const where = `${area.community.name}${groupOf.get(gridId)}组${n}号`;
    const building: BuildingRow = {
      id: plan.buildings.length + 1,
      name: where,
      address: `${DISTRICT.name}${area.subdistrict.name}${where}`,
      communityId: area.community.id,
      gridId,
      kind: 'VILLAGE_HOUSE',
      floors: r.int(2, 3),
    };
    plan.buildings.push(building);
    for (let floor = 1; floor <= houseCounts[b]!; floor++) addHouse(plan, r, area, building, '1', floor, `${floor}01`, [90, 260]);
  });
}

function addHouse(plan: CommunityPlan, r: Random, area: Area, building: BuildingRow, unit: string, floor: number, number: string, [min, max]: readonly [number, number]): void {
  const house: HouseRow = {
    id: plan.houses.length + 1,
    buildingId: building.id,
    gridId: building.gridId,
    unit,
    floor,
    number,
    area: r.int(min * 100, max * 100) / 100,
    use: r.weighted(UNREGISTERED_USE),
  };
  plan.houses.push(house);
  area.houses.push(house);
}

/** Property companies and owners' committees of the complexes; a volunteer team in every community, an elders' association in villages. */
function planOrganizations(plan: CommunityPlan, r: Random, areas: Area[]): void {
  const add = (name: string, kind: string, communityId: number) =>
    plan.organizations.push({ id: plan.organizations.length + 1, name, kind, communityId, contactName: workerName(r) });
  for (const area of areas) {
    const { id, name } = area.community;
    for (const complex of plan.complexes.filter((c) => c.communityId === id)) {
      add(`${DISTRICT.name.slice(0, 3)}${placeName(r)}物业管理有限公司${complex.name}项目部`, 'PROPERTY_COMPANY', id);
      if (r.chance(0.5)) add(`${complex.name}业主委员会`, 'OWNERS_COMMITTEE', id);
    }
    add(`${name}志愿服务队`, 'VOLUNTEER_TEAM', id);
    if (area.layout.kind === 'VILLAGE') add(`${name}老年协会`, 'SOCIAL_ORGANIZATION', id);
  }
}
