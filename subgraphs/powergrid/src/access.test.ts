import { OutboxEntity, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type GraphqlResult, type TestSubgraph } from '@gridhub/kit/testing';
import { powergrid } from './index';
import { TreeHazardEntity } from './hazard/tree-hazard.entity';
import { HazardStatus } from './hazard/tree-hazard.type';
import { AGENCY_A, AGENCY_B, forceStatus, seedLines, who } from './testing/lines.fixture';

/*
 * The rules src/scope.ts used to hold, now the kit's policy (PARTNER_ASSETS for lines, spans and campaigns,
 * PARTNER_REPORTS for hazards) applied in SQL by ctx.data and the scoped loaders: every read path — root fields,
 * nested fields, `_entities`, counts — and every write path of this subgraph, per role.
 */

const REPORT = `mutation($i: ReportTreeHazardInput!) { reportTreeHazard(input: $i) { id } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $i: UpdateTreeHazardInput!) { updateTreeHazard(id: $id, expectedVersion: $v, input: $i) { id status version } }`;
const MEDIATE = `mutation($id: ID!, $v: Int!, $r: String!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: $r) { id status } }`;
const ENTITIES = `query($r: [_Any!]!) { entities: _entities(representations: $r) { ... on TreeHazard { id agency } ... on PowerLine { id agency } } }`;
const GRID_HAZARDS = `query($r: [_Any!]!, $status: HazardStatus, $first: Int, $after: String) {
  entities: _entities(representations: $r) { ... on Grid { id treeHazards(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id agency } } } } }
}`;
const BOTH = [AGENCY_A, AGENCY_B].sort();
const grids = (...ids: number[]) => ids.map((id) => ({ __typename: 'Grid', id: String(id) }));
const codes = (r: GraphqlResult<unknown>) => (r.errors ?? []).map((e) => e.extensions?.code);

type GridPage = { id: string; treeHazards: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; agency: string } }[] } };

describe.each(testDialects())('access through the kit policy (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  /** Hazards per agency, and per grid: A in grids 1 (one) and 2 (two), B in grid 3 (two). */
  const ids: Record<string, string[]> = { [AGENCY_A]: [], [AGENCY_B]: [] };
  const byGrid: Record<number, string[]> = { 1: [], 2: [], 3: [] };

  beforeAll(async () => {
    fx = await startTestSubgraph(powergrid, { database: db.config });
    await seedLines(fx.subgraph);
    for (const [lineId, spanId, grid, as] of [[1, 1, 1, who.partnerA], [1, 3, 2, who.partnerA], [1, 4, 2, who.partnerA], [2, 5, 3, who.partnerB], [2, 6, 3, who.partnerB]] as const) {
      const r = await fx.query<{ reportTreeHazard: { id: string } }>(REPORT, { i: { lineId: String(lineId), spanId: String(spanId), species: '竹子', measuredClearanceM: 1, campaignId: String(lineId) } }, as);
      if (r.errors) throw new Error(`fixture: ${JSON.stringify(r.errors)}`);
      ids[as.agency]!.push(r.data!.reportTreeHazard.id);
      byGrid[grid]!.push(r.data!.reportTreeHazard.id);
    }
    // One cleared hazard per agency (campaign counts), written directly.
    await forceStatus(fx.subgraph, Number(ids[AGENCY_A]![1]), HazardStatus.CLEARED);
    await forceStatus(fx.subgraph, Number(ids[AGENCY_B]![0]), HazardStatus.CLEARED);
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['powergrid']);
  });

  const visible = async (identity: Identity) => {
    const r = await fx.query<{
      treeHazards: { totalCount: number; edges: { node: { id: string } }[] };
      powerLines: { agency: string; spans: { id: string }[] }[];
      hazardCampaigns: { agency: string; clearedCount: number }[];
    }>('{ treeHazards(first: 50) { totalCount edges { node { id } } } powerLines { agency spans { id } } hazardCampaigns { agency clearedCount } }', {}, identity);
    expect(r.errors).toBeUndefined();
    return {
      hazards: r.data!.treeHazards.edges.map((e) => e.node.id).sort(),
      total: r.data!.treeHazards.totalCount,
      lineAgencies: [...new Set(r.data!.powerLines.map((l) => l.agency))].sort(),
      spans: r.data!.powerLines.flatMap((l) => l.spans).length,
      campaignAgencies: [...new Set(r.data!.hazardCampaigns.map((c) => c.agency))].sort(),
      cleared: r.data!.hazardCampaigns.reduce((n, c) => n + c.clearedCount, 0),
    };
  };

  it.each([
    ['SUBDISTRICT_ADMIN', who.admin, [AGENCY_A, AGENCY_B], BOTH],
    ['CENTER_OPERATOR', who.operator, [AGENCY_A, AGENCY_B], BOTH],
    ['AUDITOR', { subject: 'aud-1', role: 'AUDITOR' } as Identity, [AGENCY_A, AGENCY_B], BOTH],
    ['PARTNER of agency A', who.partnerA, [AGENCY_A], [AGENCY_A]],
    ['PARTNER of agency B', who.partnerB, [AGENCY_B], [AGENCY_B]],
    ['PARTNER without an agency', who.partnerNone, [], []],
    ['COMPLEX_MANAGER', who.complex, [], []],
  ] as const)('%s sees the hazards, lines, spans and campaigns of its agencies only', async (_label, identity, hazardAgencies, lineAgencies) => {
    const seen = await visible(identity);
    const expected = hazardAgencies.flatMap((a) => ids[a]!).sort();
    expect(seen.hazards).toEqual(expected);
    expect(seen.total).toBe(expected.length);
    expect(seen.lineAgencies).toEqual(lineAgencies);
    expect(seen.spans).toBe(lineAgencies.length * 4);
    expect(seen.campaignAgencies).toEqual(lineAgencies);
    expect(seen.cleared).toBe(hazardAgencies.length);
  });

  it('a grid worker sees every line but only her grids\' hazards — by list, id, reference, Grid.treeHazards and campaign count', async () => {
    const worker = await visible(who.worker);
    expect(worker.hazards).toEqual([...byGrid[1]!].sort());
    expect(worker.lineAgencies).toEqual(BOTH);
    expect(worker.cleared).toBe(0); // the cleared hazards are in grids 2 and 3
    const outside = byGrid[2]![0]!;
    expect(codes(await fx.query('query($id: ID!) { treeHazard(id: $id) { id } }', { id: outside }, who.worker))).toEqual(['NOT_FOUND']);
    expect((await fx.query('query($id: ID!) { treeHazard(id: $id) { id } }', { id: byGrid[1]![0] }, who.worker)).errors).toBeUndefined();
    const refs = await fx.query<{ entities: ({ id: string } | null)[] }>(ENTITIES, { r: [{ __typename: 'TreeHazard', id: outside }, { __typename: 'TreeHazard', id: byGrid[1]![0] }] }, who.worker);
    expect(refs.data?.entities).toEqual([null, { id: byGrid[1]![0], agency: AGENCY_A }]);
    expect(codes(refs)).toEqual(['NOT_FOUND']);
    const pages = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(1, 2, 3) }, who.worker);
    expect(pages.data!.entities.map((g) => [g.treeHazards.totalCount, g.treeHazards.edges.map((e) => e.node.id)])).toEqual([[1, byGrid[1]], [0, []], [0, []]]);
    // A filter does not widen the scope.
    const filtered = await fx.query<{ treeHazards: { totalCount: number } }>('query($g: ID!) { treeHazards(filter: { gridId: $g }) { totalCount } }', { g: '3' }, who.worker);
    expect(filtered.data!.treeHazards.totalCount).toBe(0);
    // Community staff: the hazards of their community (2 = grid 3).
    expect((await visible(who.staff)).hazards).toEqual([...ids[AGENCY_B]!].sort());
  });

  it('a PARTNER of agency A cannot read, reference or change agency B\'s lines and hazards: NOT_FOUND, nothing written', async () => {
    const foreign = ids[AGENCY_B]![1]!; // REPORTED
    const own = ids[AGENCY_A]![0]!;
    expect(codes(await fx.query('query($id: ID!) { treeHazard(id: $id) { id } }', { id: foreign }, who.partnerA))).toEqual(['NOT_FOUND']);
    expect(codes(await fx.query('{ powerLine(id: 2) { id } }', {}, who.partnerA))).toEqual(['NOT_FOUND']);
    const refs = await fx.query<{ entities: ({ id: string } | null)[] }>(
      ENTITIES,
      { r: [{ __typename: 'TreeHazard', id: foreign }, { __typename: 'TreeHazard', id: own }, { __typename: 'PowerLine', id: '2' }, { __typename: 'PowerLine', id: '1' }] },
      who.partnerA,
    );
    expect(refs.data?.entities).toEqual([null, { id: own, agency: AGENCY_A }, null, { id: '1', agency: AGENCY_A }]);
    expect(codes(refs)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    // Agency B's grid through Grid.treeHazards: nothing, not even a count.
    const page = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(3) }, who.partnerA);
    expect(page.data!.entities[0]!.treeHazards).toMatchObject({ totalCount: 0, edges: [] });

    const before = await fx.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(foreign) });
    const hazards = await fx.subgraph.db.getRepository(TreeHazardEntity).count();
    const outbox = await fx.subgraph.db.getRepository(OutboxEntity).count();
    expect(codes(await fx.query(UPDATE, { id: foreign, v: 1, i: { status: 'CLEARING' } }, who.partnerA))).toEqual(['NOT_FOUND']);
    expect(codes(await fx.query(MEDIATE, { id: foreign, v: 1, r: '户主不同意' }, who.partnerA))).toEqual(['NOT_FOUND']);
    expect(codes(await fx.query(REPORT, { i: { lineId: '2', spanId: '5', species: '竹子', measuredClearanceM: 1 } }, who.partnerA))).toEqual(['NOT_FOUND']);
    // Another agency's campaign cannot be named on an own report either.
    expect(codes(await fx.query(REPORT, { i: { lineId: '1', spanId: '1', species: '竹子', measuredClearanceM: 1, campaignId: '2' } }, who.partnerA))).toEqual(['BAD_USER_INPUT']);
    expect(await fx.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(foreign) })).toEqual(before);
    expect(await fx.subgraph.db.getRepository(TreeHazardEntity).count()).toBe(hazards);
    expect(await fx.subgraph.db.getRepository(OutboxEntity).count()).toBe(outbox);
  });

  it('COMPLEX_MANAGER reaches nothing: empty lists and pages, NOT_FOUND by id, reference and mutation', async () => {
    const hazard = ids[AGENCY_A]![0]!;
    expect(codes(await fx.query('query($id: ID!) { treeHazard(id: $id) { id } }', { id: hazard }, who.complex))).toEqual(['NOT_FOUND']);
    expect(codes(await fx.query('{ powerLine(id: 1) { id } }', {}, who.complex))).toEqual(['NOT_FOUND']);
    const refs = await fx.query<{ entities: unknown[] }>(ENTITIES, { r: [{ __typename: 'TreeHazard', id: hazard }, { __typename: 'PowerLine', id: '1' }] }, who.complex);
    expect(refs.data?.entities).toEqual([null, null]);
    expect(codes(refs)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    const pages = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(1, 2, 3) }, who.complex);
    expect(pages.data!.entities.map((g) => g.treeHazards.totalCount)).toEqual([0, 0, 0]);
    const hazards = await fx.subgraph.db.getRepository(TreeHazardEntity).count();
    expect(codes(await fx.query(UPDATE, { id: hazard, v: 1, i: { status: 'CLEARING' } }, who.complex))).toEqual(['NOT_FOUND']);
    expect(codes(await fx.query(MEDIATE, { id: hazard, v: 1, r: '户主不同意' }, who.complex))).toEqual(['NOT_FOUND']);
    expect(codes(await fx.query(REPORT, { i: { lineId: '1', spanId: '1', species: '竹子', measuredClearanceM: 1 } }, who.complex))).toEqual(['NOT_FOUND']);
    expect(await fx.subgraph.db.getRepository(TreeHazardEntity).count()).toBe(hazards);
  });

  it('who reads but may not change is FORBIDDEN (centre, auditor, community tier); the administrator writes for any agency', async () => {
    const inWorkersGrid = byGrid[1]![0]!;
    const auditor = { subject: 'aud-1', role: 'AUDITOR' } as Identity;
    for (const identity of [who.operator, auditor, who.worker]) {
      expect(codes(await fx.query(UPDATE, { id: inWorkersGrid, v: 1, i: { species: '松树' } }, identity))).toEqual(['FORBIDDEN']);
      expect(codes(await fx.query(MEDIATE, { id: inWorkersGrid, v: 1, r: '户主不同意' }, identity))).toEqual(['FORBIDDEN']);
      expect(codes(await fx.query(REPORT, { i: { lineId: '1', spanId: '1', species: '竹子', measuredClearanceM: 1 } }, identity))).toEqual(['FORBIDDEN']);
    }
    expect((await fx.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(inWorkersGrid) })).version).toBe(1);
    const admin = await fx.query<{ reportTreeHazard: { id: string } }>(REPORT, { i: { lineId: '2', spanId: '8', species: '竹子', measuredClearanceM: 1 } }, who.admin);
    expect(admin.errors).toBeUndefined();
    const row = await fx.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(admin.data!.reportTreeHazard.id) });
    expect(row).toMatchObject({ agency: AGENCY_B, gridId: 3, communityId: 2, reporterSubject: who.admin.subject });
    // Agency B sees (and may change) the administrator's report on its line.
    expect((await fx.query(UPDATE, { id: String(row.id), v: 1, i: { status: 'CLEARING' } }, who.partnerB)).errors).toBeUndefined();
    await fx.subgraph.db.getRepository(TreeHazardEntity).delete({ id: row.id });
  });

  it('Grid.treeHazards: scoped pages and counts for every grid in one statement each, by status, with cursors', async () => {
    const before = fx.subgraph.sql.total;
    const asA = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(1, 2, 3), first: 10 }, who.partnerA);
    expect(fx.subgraph.sql.total - before).toBe(2);
    expect(asA.data!.entities.map((g) => g.treeHazards.totalCount)).toEqual([1, 2, 0]);
    expect(asA.data!.entities.flatMap((g) => g.treeHazards.edges.map((e) => e.node.agency))).toEqual([AGENCY_A, AGENCY_A, AGENCY_A]);
    // Newest first.
    expect(asA.data!.entities[1]!.treeHazards.edges.map((e) => e.node.id)).toEqual([...byGrid[2]!].reverse());
    const asAdmin = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(1, 2, 3) }, who.admin);
    expect(asAdmin.data!.entities.map((g) => g.treeHazards.totalCount)).toEqual([1, 2, 2]);
    // One status: the cleared hazard of A in grid 2, of B in grid 3.
    const cleared = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(1, 2, 3), status: 'CLEARED' }, who.admin);
    expect(cleared.data!.entities.map((g) => [g.treeHazards.totalCount, g.treeHazards.edges.map((e) => e.node.id)])).toEqual([
      [0, []], [1, [ids[AGENCY_A]![1]]], [1, [ids[AGENCY_B]![0]]],
    ]);
    // Page by page within the scope.
    const first = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(2), first: 1 }, who.partnerA);
    const p1 = first.data!.entities[0]!.treeHazards;
    expect(p1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await fx.query<{ entities: GridPage[] }>(GRID_HAZARDS, { r: grids(2), first: 1, after: p1.pageInfo.endCursor }, who.partnerA);
    const p2 = second.data!.entities[0]!.treeHazards;
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect([...p1.edges, ...p2.edges].map((e) => e.node.id)).toEqual([...byGrid[2]!].reverse());
  });
});
