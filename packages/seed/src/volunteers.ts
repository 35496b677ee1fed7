import { apportion } from './apportion';
import { REFERENCE_COUNTS, VOLUNTEER_ROLES } from './layout';
import { workerName, type Area } from './territory';
import type { CommunityPlan, GridRow, VolunteerRole } from './types';
import type { Random } from './random';

/**
 * The 500 volunteers of a block (party members, cadres, building heads 楼栋长, property staff), each assigned to a
 * grid: building heads to one building each in their grid, property staff only where there are residential complexes
 * (the urban communities), the rest by grid size (houses).
 */
export function planVolunteers(plan: CommunityPlan, r: Random, areas: Area[]): void {
  const grids = areas.flatMap((a) => a.grids);
  const housesOf = new Map<number, number>();
  for (const a of areas) for (const h of a.houses) housesOf.set(h.gridId, (housesOf.get(h.gridId) ?? 0) + 1);
  const buildingsOf = new Map<number, number[]>();
  for (const b of plan.buildings) if (grids.some((g) => g.id === b.gridId)) buildingsOf.set(b.gridId, [...(buildingsOf.get(b.gridId) ?? []), b.id]);

  const add = (role: VolunteerRole, grid: GridRow, buildingId: number | null) =>
    plan.volunteers.push({ id: plan.volunteers.length + 1, name: workerName(r), role, communityId: grid.communityId, gridId: grid.id, buildingId });

  // Building heads: the buildings of a grid in proportion to its buildings, each building at most one head.
  const heads = apportion(VOLUNTEER_ROLES.BUILDING_HEAD, grids.map((g) => buildingsOf.get(g.id)?.length ?? 0));
  grids.forEach((g, i) => r.shuffle(buildingsOf.get(g.id) ?? []).slice(0, heads[i]).forEach((b) => add('BUILDING_HEAD', g, b)));
  const urban = grids.filter((g) => g.kind === 'URBAN');
  apportion(VOLUNTEER_ROLES.PROPERTY_STAFF, urban.map((g) => housesOf.get(g.id) ?? 1)).forEach((n, i) => {
    for (let k = 0; k < n; k++) add('PROPERTY_STAFF', urban[i]!, null);
  });
  for (const role of ['PARTY_MEMBER', 'CADRE'] as const) {
    apportion(VOLUNTEER_ROLES[role], grids.map((g) => housesOf.get(g.id) ?? 1)).forEach((n, i) => {
      for (let k = 0; k < n; k++) add(role, grids[i]!, null);
    });
  }
}

/**
 * The 186 grid WeChat groups of a block: every grid has its residents' group, and the other 93 go to the grids with
 * most houses (a building or complex group beside the grid's own). Member counts follow the grid's households.
 */
export function planWechatGroups(plan: CommunityPlan, r: Random, areas: Area[]): void {
  const grids = areas.flatMap((a) => a.grids);
  const housesOf = new Map<number, number>();
  for (const a of areas) for (const h of a.houses) housesOf.set(h.gridId, (housesOf.get(h.gridId) ?? 0) + 1);
  const extra = apportion(REFERENCE_COUNTS.wechatGroups - grids.length, grids.map((g) => housesOf.get(g.id) ?? 1));
  grids.forEach((g, i) => {
    const households = housesOf.get(g.id) ?? 1;
    for (let k = 0; k <= extra[i]!; k++) {
      plan.wechatGroups.push({
        id: plan.wechatGroups.length + 1,
        name: k === 0 ? `${g.name}居民群` : `${g.name}${k}号楼栋群`,
        communityId: g.communityId,
        gridId: g.id,
        memberCount: Math.min(500, Math.max(30, Math.round((k === 0 ? 0.5 : 0.15) * households * r.int(80, 120) / 100))),
      });
    }
  });
}
