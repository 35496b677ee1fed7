import { Role, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { buildPlan } from '@gridhub/seed';
import { complex } from '../index';
import { COMPLEX_REFERENCE_COUNTS, seedComplex } from '../seed';

const plan = buildPlan({ scale: 1, seed: 1 });
const SOURCES = `query($f: VideoSourceFilter) { videoSources(first: 5, filter: $f) { totalCount edges { node { code kind streamRef grid { id } community { id } } } } }`;
type Sources = { videoSources: { totalCount: number; edges: { node: { code: string; kind: string; streamRef: string; grid: { id: string }; community: { id: string } } }[] } };

describe.each(testDialects())('video streams outside the complexes (%s)', (dialect) => {
  let t: TestSubgraph;
  beforeAll(async () => {
    t = await startTestSubgraph(complex, { dialect });
    await seedComplex(t.subgraph.db, plan, { days: 0 });
  });
  afterAll(() => t?.stop());

  it('lists the 800 streams by kind, each with its GB/T 28181 stream reference and grid, in one page statement and one count', async () => {
    const before = t.subgraph.sql.total;
    const all = await t.query<Sources>(SOURCES);
    expect(all.errors).toBeUndefined();
    expect(t.subgraph.sql.total - before).toBe(2);
    expect(all.data!.videoSources.totalCount).toBe(COMPLEX_REFERENCE_COUNTS.videoSources);
    for (const { node } of all.data!.videoSources.edges) expect(node.streamRef).toBe(`gb28181:${node.code}`);
    const watch = await t.query<Sources>(SOURCES, { f: { kind: ['FOREST', 'RIVER_BANK'] } });
    expect(watch.data!.videoSources.totalCount).toBe(160 + 170);
    expect(watch.data!.videoSources.edges.every((e) => ['FOREST', 'RIVER_BANK'].includes(e.node.kind))).toBe(true);
    const bad = await t.query(SOURCES, { f: { kind: ['SPACE'] } });
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('is scoped like devices: community staff see their community\'s, a complex manager none, a partner is refused', async () => {
    const communityId = plan.communities.find((c) => c.kind === 'VILLAGE')!.id;
    const staff: Identity = { subject: 'staff-v', role: Role.COMMUNITY_STAFF, communityIds: [communityId] };
    const own = await t.query<Sources>(SOURCES, undefined, staff);
    expect(own.data!.videoSources.totalCount).toBeGreaterThan(0);
    expect(own.data!.videoSources.edges.every((e) => e.node.community.id === String(communityId))).toBe(true);
    const grid = plan.grids.find((g) => g.validTo === null && g.kind === 'RURAL')!;
    const worker: Identity = { subject: 'gw-v', role: Role.GRID_WORKER, communityIds: [grid.communityId], gridIds: [grid.id] };
    const mine = await t.query<Sources>(SOURCES, undefined, worker);
    expect(mine.data!.videoSources.totalCount).toBeGreaterThan(0);
    expect(mine.data!.videoSources.edges.every((e) => e.node.grid.id === String(grid.id))).toBe(true);
    const manager: Identity = { subject: 'cm-1', role: Role.COMPLEX_MANAGER, complexIds: [1] };
    expect((await t.query<Sources>(SOURCES, undefined, manager)).data!.videoSources.totalCount).toBe(0);
    const partner: Identity = { subject: 'sg-1', role: Role.PARTNER, agency: 'STATE_GRID_JIANGJIN' };
    const refused = await t.query(SOURCES, undefined, partner);
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
