import type { Identity } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { TreeHazardEntity } from './hazard/tree-hazard.entity';
import { powergrid } from './index';
import { AGENCY_A, AGENCY_B, seedLines, who } from './testing/lines.fixture';

const REPORT = `mutation($i: ReportTreeHazardInput!) { reportTreeHazard(input: $i) { id } }`;
const BOTH = [AGENCY_A, AGENCY_B].sort();
const GRID_HAZARDS = `query($r: [_Any!]!) { entities: _entities(representations: $r) { ... on Grid { id treeHazards(first: 10) { totalCount edges { node { id agency } } } } } }`;

describe.each(testDialects())('partner scoping (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  const ids: Record<string, string[]> = { [AGENCY_A]: [], [AGENCY_B]: [] };

  beforeAll(async () => {
    fx = await startTestSubgraph(powergrid(), { database: db.config });
    await seedLines(fx.subgraph);
    // Agency A: hazards in grids 1 and 2 (community 1); agency B: grid 3 (community 2).
    for (const [lineId, spanId, as] of [[1, 1, who.partnerA], [1, 3, who.partnerA], [1, 4, who.partnerA], [2, 5, who.partnerB], [2, 6, who.partnerB]] as const) {
      const r = await fx.query<{ reportTreeHazard: { id: string } }>(REPORT, { i: { lineId: String(lineId), spanId: String(spanId), species: '竹子', measuredClearanceM: 1 } }, as);
      ids[as.agency]!.push(r.data!.reportTreeHazard.id);
    }
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['powergrid']);
  });

  const visible = async (identity: Identity) => {
    const r = await fx.query<{ treeHazards: { totalCount: number; edges: { node: { id: string } }[] }; powerLines: { agency: string }[]; hazardCampaigns: { agency: string }[] }>(
      '{ treeHazards(first: 50) { totalCount edges { node { id } } } powerLines { agency } hazardCampaigns { agency } }', {}, identity,
    );
    expect(r.errors).toBeUndefined();
    return {
      hazards: r.data!.treeHazards.edges.map((e) => e.node.id).sort(),
      total: r.data!.treeHazards.totalCount,
      lineAgencies: [...new Set(r.data!.powerLines.map((l) => l.agency))].sort(),
      campaignAgencies: [...new Set(r.data!.hazardCampaigns.map((c) => c.agency))].sort(),
    };
  };

  it.each([
    ['SUBDISTRICT_ADMIN', who.admin, [AGENCY_A, AGENCY_B], BOTH],
    ['CENTER_OPERATOR', who.operator, [AGENCY_A, AGENCY_B], BOTH],
    ['PARTNER of agency A', who.partnerA, [AGENCY_A], [AGENCY_A]],
    ['PARTNER of agency B', who.partnerB, [AGENCY_B], [AGENCY_B]],
    ['PARTNER without an agency', who.partnerNone, [], []],
    ['COMPLEX_MANAGER', who.complex, [], []],
  ] as const)('%s sees the hazards, lines and campaigns of its agencies only', async (_label, identity, hazardAgencies, lineAgencies) => {
    const seen = await visible(identity);
    const expected = hazardAgencies.flatMap((a) => ids[a]!).sort();
    expect(seen.hazards).toEqual(expected);
    expect(seen.total).toBe(expected.length);
    expect(seen.lineAgencies).toEqual(lineAgencies);
    expect(seen.campaignAgencies).toEqual(lineAgencies);
  });

  it('grid workers see hazards of their grids, community staff those of their communities; both see every line', async () => {
    const rows = await fx.subgraph.db.getRepository(TreeHazardEntity).find();
    const worker = await visible(who.worker);
    expect(worker.hazards).toEqual(rows.filter((h) => h.gridId === 1).map((h) => String(h.id)).sort());
    expect(worker.lineAgencies).toEqual(BOTH);
    const staff = await visible(who.staff);
    expect(staff.hazards).toEqual(ids[AGENCY_B]!.slice().sort());
  });

  it('another agency\'s hazard and line are NOT_FOUND by id and null by federation reference', async () => {
    const foreign = ids[AGENCY_B]![0]!;
    expect((await fx.query('query($id: ID!) { treeHazard(id: $id) { id } }', { id: foreign }, who.partnerA)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await fx.query('{ powerLine(id: 2) { id } }', {}, who.partnerA)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const refs = await fx.query<{ entities: ({ id: string } | null)[] }>(
      'query($r: [_Any!]!) { entities: _entities(representations: $r) { ... on TreeHazard { id } ... on PowerLine { id } } }',
      { r: [{ __typename: 'TreeHazard', id: foreign }, { __typename: 'TreeHazard', id: ids[AGENCY_A]![0] }, { __typename: 'PowerLine', id: '2' }, { __typename: 'PowerLine', id: '1' }] },
      who.partnerA,
    );
    expect(refs.data?.entities).toEqual([null, { id: ids[AGENCY_A]![0] }, null, { id: '1' }]);
  });

  it('Grid.treeHazards is filtered by agency and batched: one statement for the pages of every grid, one for the counts', async () => {
    const representations = [1, 2, 3].map((id) => ({ __typename: 'Grid', id: String(id) }));
    const before = fx.subgraph.sql.total;
    const asA = await fx.query<{ entities: { id: string; treeHazards: { totalCount: number; edges: { node: { agency: string } }[] } }[] }>(GRID_HAZARDS, { r: representations }, who.partnerA);
    expect(fx.subgraph.sql.total - before).toBe(2);
    expect(asA.data!.entities.map((g) => g.treeHazards.totalCount)).toEqual([1, 2, 0]);
    expect(asA.data!.entities.flatMap((g) => g.treeHazards.edges.map((e) => e.node.agency))).toEqual([AGENCY_A, AGENCY_A, AGENCY_A]);
    const asAdmin = await fx.query<{ entities: { treeHazards: { totalCount: number } }[] }>(GRID_HAZARDS, { r: representations }, who.admin);
    expect(asAdmin.data!.entities.map((g) => g.treeHazards.totalCount)).toEqual([1, 2, 2]);
  });
});
