import { apportion } from './apportion';
import { dayOf } from './dates';
import { PLAN_DATE, REFERENCE_COUNTS, VOLUNTEER_ROLES } from './layout';
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
  const gridIds = new Set(grids.map((g) => g.id));
  for (const b of plan.buildings) if (gridIds.has(b.gridId)) buildingsOf.set(b.gridId, [...(buildingsOf.get(b.gridId) ?? []), b.id]);

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

/** How often the grid worker sees each kind of key person (走访频次): visits in the six months before the plan date. */
const VISITS_IN_HALF_YEAR: Partial<Record<string, number>> = {
  COMMUNITY_CORRECTION: 12, RELEASED_PRISONER: 6, DRUG_REHABILITATION: 12, SEVERE_MENTAL_DISORDER: 12, AT_RISK_YOUTH: 6,
  ELDERLY_ALONE: 12,
};
const NOTES: Record<string, string[]> = {
  HOME_VISIT: ['入户走访，生活情况正常', '入户走访，了解近期就医情况', '入户走访，送达政策宣传资料', '入户走访，居住环境安全检查'],
  PHONE: ['电话回访，情况稳定', '电话联系，约定下次入户时间'],
  ESCORT: ['陪同前往社区卫生服务中心', '陪同办理社保业务'],
  OTHER: ['网格微信群内了解近况', '邻里反映情况正常'],
};

/**
 * Care visits (走访) of key persons: the special population and the elderly living alone, by a worker of their grid,
 * at the frequency their group calls for (the restricted groups and the elderly alone twice a month, others monthly),
 * over the six months before the plan date.
 */
export function planCareVisits(plan: CommunityPlan, r: Random, areas: Area[]): void {
  const gridIds = new Set(areas.flatMap((a) => a.grids.map((g) => g.id)));
  const workersOf = new Map<number, number[]>();
  for (const a of plan.assignments) if (gridIds.has(a.gridId)) workersOf.set(a.gridId, [...(workersOf.get(a.gridId) ?? []), a.workerId]);
  const workerName = new Map(plan.workers.map((w) => [w.id, w.name]));
  const persons = new Map(plan.persons.map((p) => [p.id, p]));
  const end = dayOf(PLAN_DATE);
  const visited = new Set<number>();
  for (const tag of plan.personTags) {
    const visits = VISITS_IN_HALF_YEAR[tag.tag];
    const person = persons.get(tag.personId);
    if (!visits || !person || person.gridId === null || !gridIds.has(person.gridId) || visited.has(person.id)) continue;
    visited.add(person.id);
    const workers = workersOf.get(person.gridId) ?? [];
    for (let k = 0; k < visits; k++) {
      const day = end - Math.floor(((k + r.next()) * 182) / visits);
      const kind = r.weighted([['HOME_VISIT', 6], ['PHONE', 3], ['ESCORT', 1], ['OTHER', 1]] as const);
      const workerId = workers.length ? r.pick(workers) : null;
      plan.careVisits.push({
        id: plan.careVisits.length + 1,
        personId: person.id,
        workerId,
        visitor: workerId === null ? '网格志愿者' : workerName.get(workerId)!,
        visitedAt: new Date((day * 86_400 + r.int(8 * 3600, 18 * 3600)) * 1000),
        kind,
        note: r.pick(NOTES[kind]!),
      });
    }
  }
}
