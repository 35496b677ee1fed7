import { dispatcherOf, OutboxEntity, reportEventOverHttp, Role, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDialects, type GraphqlResult, type TestSubgraph } from '@gridhub/kit/testing';
import { powergrid } from '@gridhub/powergrid';
import { subdistrict } from '@gridhub/subdistrict';
import { TreeHazardEntity } from '../subgraphs/powergrid/src/hazard/tree-hazard.entity';
import { seedLines, who } from '../subgraphs/powergrid/src/testing/lines.fixture';
import { GridEventEntity } from '../subgraphs/subdistrict/src/event/event.entity';
import { GridDirectory, type GridInfo } from '../subgraphs/subdistrict/src/grid/grid-directory';
import { until } from './src/steady-load';

/**
 * Issue 12, item 2 across two real subgraphs (powergrid → subdistrict over HTTP, identity tokens, each on its own
 * database): idempotency keys belong to their reporter and a service's namespace to that service, so nobody can
 * suppress the service's grid event; a receiver's terminal refusal makes a dead letter an administrator lists and
 * retries, never a message retried forever.
 */
const HAZARD = `mutation($i: ReportTreeHazardInput!) { reportTreeHazard(input: $i) { id version } }`;
const MEDIATE = `mutation($id: ID!, $v: Int!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: "户主要求补偿，需村委会协调") { id version } }`;
const REPORT = `mutation($input: ReportEventInput!) { reportEvent(input: $input) { id } }`;
const DEAD = `{ powergridOutboxDeadLetters(first: 50) { totalCount edges { node { id externalRef deadCode deadAt attempts lastError } } } }`;
const RETRY = `mutation($id: ID!) { retryPowergridOutboxMessage(id: $id) { id deadAt deadCode attempts } }`;

interface DeadLetters {
  powergridOutboxDeadLetters: { totalCount: number; edges: { node: { id: string; externalRef: string; deadCode: string; deadAt: string | null; attempts: number } }[] };
}

const code = (r: GraphqlResult<unknown>) => r.errors?.[0]?.extensions?.code;

describe.each(testDialects())('outbox idempotency and dead letters, powergrid → subdistrict (%s)', (dialect) => {
  // Grid 3 (line 2's spans) is unknown to the subdistrict until a test adds it: reports into it are NOT_FOUND.
  const grids: GridInfo[] = [{ id: 1, communityId: 1, validTo: null }, { id: 2, communityId: 1, validTo: null }];
  let sd: TestSubgraph;
  let pg: TestSubgraph;

  beforeAll(async () => {
    sd = await startTestSubgraph({ ...subdistrict, services: () => ({ grids: new GridDirectory({ fetchGrids: async () => grids, minRefreshMs: 0 }) }) }, { dialect });
    pg = await startTestSubgraph(
      {
        ...powergrid,
        services: () => ({
          // Its service identity's calls, signed as the gateway would sign them for the subdistrict.
          reportEvent: reportEventOverHttp({ url: sd.subgraph.url, headers: () => sd.headers(powergrid.calls!.identity), timeoutMs: 5_000 }),
          // Runs come from kicks (a mediation request, a retry), not from a timer, so statement counts stay exact.
          dispatchIntervalMs: 60_000,
        }),
      },
      { dialect },
    );
    await seedLines(pg.subgraph);
  });
  afterAll(async () => {
    await pg?.stop();
    await sd?.stop();
  });

  const hazard = async (as: Identity, lineId: string, spanId: string) => {
    const r = await pg.query<{ reportTreeHazard: { id: string; version: number } }>(HAZARD, { i: { lineId, spanId, species: '花椒树', measuredClearanceM: 1.1 } }, as);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.reportTreeHazard;
  };
  const mediate = async (as: Identity, h: { id: string; version: number }) => {
    const r = await pg.query(MEDIATE, { id: h.id, v: h.version }, as);
    expect(r.errors).toBeUndefined();
  };
  const outboxRow = (id: string) => pg.subgraph.db.getRepository(OutboxEntity).findOneByOrFail({ externalRef: `powergrid:hazard:${id}:mediation:1` });
  const eventsOf = (externalRef: string) => sd.subgraph.db.getRepository(GridEventEntity).findBy({ externalRef });

  it("a partner reporting first with the service's key cannot suppress the service's event", async () => {
    const h = await hazard(who.partnerA, '1', '1');
    const key = `powergrid:hazard:${h.id}:mediation:1`;
    const squat = { title: '抢注', description: 'x', category: 'INFRA_TREE_HAZARD', source: 'PARTNER', gridId: '1', location: 'x', reporter: 'x', externalRef: key };
    for (const squatter of [who.partnerB, who.partnerA, who.operator, who.admin]) {
      const r = await sd.query(REPORT, { input: squat }, squatter);
      expect([squatter.subject, code(r), r.errors?.[0]?.extensions?.rule]).toEqual([squatter.subject, 'FORBIDDEN', 'reservedKey']);
    }
    expect(await eventsOf(key)).toEqual([]);

    await mediate(who.partnerA, h);
    await until(async () => (await outboxRow(h.id)).deliveredAt !== null, 10_000, 25);
    const [event] = await eventsOf(key);
    expect(event).toMatchObject({ reporterSubject: 'service:powergrid', source: 'PARTNER', gridId: 1 });
    expect((await pg.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(h.id) })).mediationEventId).toBe(String(event!.id));
  });

  it('a terminal refusal (NOT_FOUND) is a dead letter: logged once, counted, listed for an admin only, retried by an admin and then delivered', async () => {
    // Three hazards on line 2 (grid 3, unknown to the subdistrict for now).
    const hs = [await hazard(who.partnerB, '2', '5'), await hazard(who.partnerB, '2', '6'), await hazard(who.partnerB, '2', '7')];
    for (const h of hs) await mediate(who.partnerB, h);
    await until(async () => (await Promise.all(hs.map((h) => outboxRow(h.id)))).every((r) => r.deadAt !== null), 10_000, 25);
    for (const h of hs) expect(await outboxRow(h.id)).toMatchObject({ deadCode: 'NOT_FOUND', attempts: 1, deliveredAt: null });
    // Not retried by itself: kicks find nothing due.
    for (let i = 0; i < 3; i++) dispatcherOf(pg.subgraph.db)!.kick();
    expect(await dispatcherOf(pg.subgraph.db)!.drain(5_000)).toBe(true);
    for (const h of hs) expect((await outboxRow(h.id)).attempts).toBe(1);

    const metrics = await (await fetch(`http://127.0.0.1:${pg.subgraph.port}/metrics`)).text();
    expect(metrics).toMatch(/gridhub_outbox_dead_letters_total\{[^}]*code="NOT_FOUND"[^}]*\} 3/);

    // Listed for an administrator in two statements (the page and its count), whatever the number of rows.
    const before = pg.subgraph.sql.total;
    const listed = await pg.query<DeadLetters>(DEAD);
    expect(pg.subgraph.sql.total - before).toBe(2);
    expect(listed.data!.powergridOutboxDeadLetters.totalCount).toBe(3);
    expect(listed.data!.powergridOutboxDeadLetters.edges.map((e) => e.node.externalRef)).toEqual(hs.map((h) => `powergrid:hazard:${h.id}:mediation:1`));
    for (const as of [who.partnerB, who.operator, who.worker]) {
      expect(code(await pg.query(DEAD, {}, as))).toBe('FORBIDDEN');
      expect(code(await pg.query(RETRY, { id: listed.data!.powergridOutboxDeadLetters.edges[0]!.node.id }, as))).toBe('FORBIDDEN');
    }
    expect(code(await pg.query(RETRY, { id: '999999' }))).toBe('NOT_FOUND');
    expect(code(await pg.query(RETRY, { id: 'x' }))).toBe('BAD_USER_INPUT');

    // The cause is fixed (the grid exists now): an admin retries one; the background dispatcher delivers it.
    grids.push({ id: 3, communityId: 2, validTo: null });
    const target = listed.data!.powergridOutboxDeadLetters.edges[0]!.node;
    const retried = await pg.query<{ retryPowergridOutboxMessage: { deadAt: string | null; deadCode: string | null; attempts: number } }>(RETRY, { id: target.id });
    expect(retried.data?.retryPowergridOutboxMessage).toEqual({ id: target.id, deadAt: null, deadCode: null, attempts: 0 });
    await until(async () => (await outboxRow(hs[0]!.id)).deliveredAt !== null, 10_000, 25);
    expect(await eventsOf(target.externalRef)).toEqual([expect.objectContaining({ reporterSubject: 'service:powergrid', gridId: 3 })]);
    expect((await pg.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(hs[0]!.id) })).mediationEventId).not.toBeNull();
    // A delivered message is no dead letter: retrying it again is refused; the other two are still listed.
    expect(code(await pg.query(RETRY, { id: target.id }))).toBe('BAD_USER_INPUT');
    expect((await pg.query<DeadLetters>(DEAD)).data!.powergridOutboxDeadLetters.totalCount).toBe(2);
  });

  it('a CONFLICT on delivery is terminal: the message is a dead letter after one attempt, never retried forever', async () => {
    const h = await hazard(who.partnerA, '1', '2');
    const key = `powergrid:hazard:${h.id}:mediation:1`;
    // The service's own identity used the key for another kind of report first (a bug on its side, not a squatter).
    const first = await sd.query(REPORT, { input: { title: '先报', description: 'x', category: 'INFRA_TREE_HAZARD', source: 'CITIZEN', channel: 'HOTLINE', gridId: '1', location: 'x', reporter: 'x', externalRef: key } }, { subject: 'service:powergrid', role: Role.SUBDISTRICT_ADMIN });
    expect(first.errors).toBeUndefined();
    await mediate(who.partnerA, h);
    await until(async () => (await outboxRow(h.id)).deadAt !== null, 10_000, 25);
    const row = await outboxRow(h.id);
    expect(row).toMatchObject({ deadCode: 'CONFLICT', attempts: 1 });
    // The refusal names no event of anyone.
    expect(row.lastError).not.toMatch(/event \d/);
    dispatcherOf(pg.subgraph.db)!.kick();
    expect(await dispatcherOf(pg.subgraph.db)!.drain(5_000)).toBe(true);
    expect((await outboxRow(h.id)).attempts).toBe(1);
    const metrics = await (await fetch(`http://127.0.0.1:${pg.subgraph.port}/metrics`)).text();
    expect(metrics).toMatch(/gridhub_outbox_dead_letters_total\{[^}]*code="CONFLICT"[^}]*\} 1/);
  });
});
