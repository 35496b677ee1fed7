import { dispatcherOf, OutboxEntity } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { TreeHazardEntity } from '../hazard/tree-hazard.entity';
import { powergrid } from '../index';
import { fakeSubdistrict, seedLines, who } from '../testing/lines.fixture';

const REPORT = `mutation($i: ReportTreeHazardInput!) { reportTreeHazard(input: $i) { id version } }`;
const MEDIATE = `mutation($id: ID!, $v: Int!, $r: String!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: $r) { id status version mediationCount } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDialects())('mediation through the outbox (%s)', (dialect) => {
  const db = testDatabase(dialect);
  const subdistrict = fakeSubdistrict();
  let fx: TestSubgraph;

  beforeAll(async () => {
    fx = await startTestSubgraph({ ...powergrid, services: () => ({ reportEvent: subdistrict.reportEvent, dispatchIntervalMs: 50, maxBackoffMs: 200 }) }, { database: db.config });
    await seedLines(fx.subgraph);
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['powergrid']);
  });

  const hazard = async () => {
    const r = await fx.query<{ reportTreeHazard: { id: string; version: number } }>(REPORT, { i: { lineId: '1', spanId: '2', species: '花椒树', measuredClearanceM: 1.1 } }, who.partnerA);
    return r.data!.reportTreeHazard;
  };
  const mediate = async (id: string, v: number) => {
    const r = await fx.query<{ requestMediation: { version: number } }>(MEDIATE, { id, v, r: '户主要求补偿，需村委会协调' }, who.partnerA);
    expect(r.errors).toBeUndefined();
    return r.data!.requestMediation;
  };
  const until = async (fn: () => Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) if (await fn()) return;
    else await sleep(25);
    throw new Error(`not within ${ms} ms`);
  };

  it('delivers at once when the subdistrict is up and records the grid event on the hazard', async () => {
    const { id } = await hazard();
    await mediate(id, 1);
    const repo = fx.subgraph.db.getRepository(TreeHazardEntity);
    await until(async () => (await repo.findOneByOrFail({ id: Number(id) })).mediationEventId !== null);
    const event = subdistrict.events.get(`powergrid:hazard:${id}:mediation:1`)!;
    expect((await repo.findOneByOrFail({ id: Number(id) })).mediationEventId).toBe(event.id);
    expect(event.report).toMatchObject({ source: 'PARTNER', category: 'INFRA_TREE_HAZARD', gridId: '1' });
  });

  it('keeps retrying with backoff while the subdistrict is down, then delivers each request exactly once', async () => {
    subdistrict.state.up = false;
    const calls = subdistrict.state.calls;
    const requested: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await hazard();
      await mediate(id, 1);
      requested.push(id);
    }
    // A second request on one hazard is a second event (its own key).
    const second = await mediate(requested[0]!, 2);
    expect(second).toMatchObject({ mediationCount: 2, version: 3 });
    await sleep(600);
    const outbox = fx.subgraph.db.getRepository(OutboxEntity);
    const waiting = await outbox.createQueryBuilder('o').where('o.deliveredAt IS NULL').getMany();
    expect(waiting).toHaveLength(6);
    expect(waiting.every((w) => w.attempts >= 2 && /ECONNREFUSED/.test(w.lastError ?? ''))).toBe(true);
    // Backoff: far fewer attempts than one per message per 50 ms tick.
    expect(subdistrict.state.calls - calls).toBeLessThan(6 * (600 / 50));

    subdistrict.state.up = true;
    expect(await dispatcherOf(fx.subgraph.db)!.drain(5_000)).toBe(true);
    const refs = [...requested.map((id) => `powergrid:hazard:${id}:mediation:1`), `powergrid:hazard:${requested[0]}:mediation:2`];
    for (const ref of refs) expect(subdistrict.events.has(ref)).toBe(true);
    const rows = await fx.subgraph.db.getRepository(TreeHazardEntity).findBy(requested.map((id) => ({ id: Number(id) })));
    expect(rows.every((r) => r.mediationEventId !== null)).toBe(true);
    // The hazard with two requests shows the latest one's event.
    expect(rows.find((r) => r.id === Number(requested[0]))!.mediationEventId).toBe(subdistrict.events.get(refs.at(-1)!)!.id);
  });
});
