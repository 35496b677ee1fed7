import { Role, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { buildPlan, REFERENCE_COUNTS, VOLUNTEER_ROLES } from '@gridhub/seed';
import { community } from '../index';

const plan = buildPlan({ scale: 1, seed: 1 });

const PER_GRID = `query($role: VolunteerRole) {
  grids { id volunteers(role: $role, first: 2) { totalCount edges { node { id name role grid { id } building { id } } } } wechatGroups { name memberCount } }
}`;
type PerGrid = { grids: { id: string; volunteers: { totalCount: number; edges: { node: { role: string; grid: { id: string }; building: { id: string } | null } }[] }; wechatGroups: { memberCount: number }[] }[] };

describe.each(testDialects())('volunteers and grid WeChat groups (%s)', (dialect) => {
  let t: TestSubgraph;
  beforeAll(async () => {
    t = await startTestSubgraph(community, { dialect });
    await community.seed!(t.subgraph.db, plan, { scale: 1, seed: 1 });
  });
  afterAll(() => t?.stop());

  it('counts the 500 volunteers and 186 WeChat groups per grid, in a constant number of statements', async () => {
    const before = t.subgraph.sql.total;
    const res = await t.query<PerGrid>(PER_GRID);
    expect(res.errors).toBeUndefined();
    // grids, volunteer pages, volunteer counts, WeChat groups, and the pages' grids and buildings: one each.
    expect(t.subgraph.sql.total - before).toBeLessThanOrEqual(6);
    const grids = res.data!.grids;
    expect(grids.reduce((n, g) => n + g.volunteers.totalCount, 0)).toBe(REFERENCE_COUNTS.volunteers);
    expect(grids.reduce((n, g) => n + g.wechatGroups.length, 0)).toBe(REFERENCE_COUNTS.wechatGroups);
    expect(grids.every((g) => g.wechatGroups.length >= 1)).toBe(true);
    for (const g of grids) for (const e of g.volunteers.edges) expect(e.node.grid.id).toBe(g.id);
  });

  it('filters by role; a building head names her building, and the building its head', async () => {
    const res = await t.query<PerGrid>(PER_GRID, { role: 'BUILDING_HEAD' });
    expect(res.data!.grids.reduce((n, g) => n + g.volunteers.totalCount, 0)).toBe(VOLUNTEER_ROLES.BUILDING_HEAD);
    const head = res.data!.grids.flatMap((g) => g.volunteers.edges).find((e) => e.node.building)!.node;
    expect(head.role).toBe('BUILDING_HEAD');
    const building = await t.query<{ _entities: { head: { role: string } | null }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Building { head { role } } } }`,
      { r: [{ __typename: 'Building', id: head.building!.id }] },
    );
    expect(building.data!._entities[0]!.head).toEqual({ role: 'BUILDING_HEAD' });
  });

  it('is scoped like grid workers: a partner sees none, a grid worker those of her grids only', async () => {
    const partner: Identity = { subject: 'sg-1', role: Role.PARTNER, agency: 'STATE_GRID_JIANGJIN' };
    const seen = await t.query<PerGrid>(PER_GRID, {}, partner);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.grids.every((g) => g.volunteers.totalCount === 0 && g.wechatGroups.length === 0)).toBe(true);
    const grid = plan.grids.find((g) => g.validTo === null)!;
    const worker: Identity = { subject: 'gw-1', role: Role.GRID_WORKER, communityIds: [grid.communityId], gridIds: [grid.id] };
    const own = await t.query<PerGrid>(PER_GRID, {}, worker);
    expect(own.data!.grids.map((g) => g.id)).toEqual([String(grid.id)]);
    expect(own.data!.grids[0]!.volunteers.totalCount).toBe(plan.volunteers.filter((v) => v.gridId === grid.id).length);
  });
});
