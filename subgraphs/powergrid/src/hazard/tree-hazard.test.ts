import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { OutboxEntity } from '@gridhub/kit';
import { powergrid } from '../index';
import { AGENCY_A, forceStatus, seedLines, who } from '../testing/lines.fixture';
import { TreeHazardEntity } from './tree-hazard.entity';
import { HAZARD_TRANSITIONS } from './tree-hazard.machine';
import { HazardStatus } from './tree-hazard.type';

const REPORT = `mutation($i: ReportTreeHazardInput!) { reportTreeHazard(input: $i) { id status level version gridId: grid { id } agency } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $i: UpdateTreeHazardInput!) { updateTreeHazard(id: $id, expectedVersion: $v, input: $i) { id status version level clearedAt photos } }`;
const MEDIATE = `mutation($id: ID!, $v: Int!, $r: String!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: $r) { id status version mediationCount } }`;

const statuses = Object.values(HazardStatus);
const pairs = statuses.flatMap((from) => statuses.filter((to) => to !== from).map((to) => [from, to, HAZARD_TRANSITIONS[from].includes(to)] as const));

describe.each(testDialects())('tree hazards (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;

  beforeAll(async () => {
    fx = await startTestSubgraph(powergrid, { database: db.config });
    await seedLines(fx.subgraph);
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['powergrid']);
  });

  const report = async (lineId = 1, spanId = 3, measured = 0.8, identity = who.partnerA) => {
    const r = await fx.query<{ reportTreeHazard: { id: string; status: string; level: string; version: number; gridId: { id: string }; agency: string } }>(
      REPORT,
      { i: { lineId: String(lineId), spanId: String(spanId), species: '桉树', measuredClearanceM: measured, photos: ['photo://a/1.jpg'], campaignId: lineId === 1 ? '1' : '2' } },
      identity,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.reportTreeHazard;
  };
  const row = (id: string) => fx.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ id: Number(id) });

  it('a report derives level from the deficit and grid from the span, on the agency of the line', async () => {
    expect(await report(1, 3, 0.8)).toMatchObject({ status: 'REPORTED', level: 'CRITICAL', version: 1, gridId: { id: '2' }, agency: AGENCY_A });
    expect(await report(1, 1, 1.3)).toMatchObject({ level: 'SERIOUS', gridId: { id: '1' } });
    expect(await report(1, 1, 1.8)).toMatchObject({ level: 'GENERAL' });
    const wrongSpan = await fx.query(REPORT, { i: { lineId: '1', spanId: '5', species: '竹子', measuredClearanceM: 1 } }, who.partnerA);
    expect(wrongSpan.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const notAHazard = await fx.query(REPORT, { i: { lineId: '1', spanId: '1', species: '竹子', measuredClearanceM: 2.5 } }, who.partnerA);
    expect(notAHazard.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a retried report with the same idempotency key returns the first hazard; the key is the reporter\'s own', async () => {
    const hazards = fx.subgraph.db.getRepository(TreeHazardEntity);
    const input = (measured: number, key = 'app-7:report:0001') =>
      ({ i: { lineId: '1', spanId: '1', species: '竹子', measuredClearanceM: measured, idempotencyKey: key } });
    const send = (vars: ReturnType<typeof input>, identity = who.partnerA) =>
      fx.query<{ reportTreeHazard: { id: string } }>(REPORT, vars, identity);
    const before = await hazards.count();
    // Five retries at once (the field app's network came back): one hazard, every answer names it.
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(input(1.1))));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const ids = new Set(answers.map((a) => a.data!.reportTreeHazard.id));
    expect(ids.size).toBe(1);
    expect(await hazards.count()).toBe(before + 1);
    expect((await send(input(1.1))).data!.reportTreeHazard.id).toBe([...ids][0]);

    // The same key for a different report: CONFLICT, nothing written.
    const reused = await send(input(0.4));
    expect(reused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await hazards.count()).toBe(before + 1);
    // Another reporter's identical key is another report: it cannot be suppressed by the first reporter.
    const other = await send(input(1.1), { ...who.partnerA, subject: 'sg-2' });
    expect(other.errors).toBeUndefined();
    expect(other.data!.reportTreeHazard.id).not.toBe([...ids][0]);
    expect(await hazards.count()).toBe(before + 2);
    for (const bad of ['', 'has space', 'x'.repeat(129), '键']) {
      const refused = await send(input(1.1, bad));
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await hazards.count()).toBe(before + 2);
  });

  it.each(pairs)('%s → %s allowed: %s (refusal writes nothing)', async (from, to, allowed) => {
    const { id } = await report();
    await forceStatus(fx.subgraph, Number(id), from);
    const before = await row(id);
    const r = await fx.query<{ updateTreeHazard: { status: string; version: number; clearedAt: string | null } }>(UPDATE, { id, v: 1, i: { status: to } }, who.partnerA);
    if (allowed) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.updateTreeHazard).toMatchObject({ status: to, version: 2 });
      expect(r.data!.updateTreeHazard.clearedAt !== null).toBe(to === HazardStatus.CLEARED);
    } else {
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await row(id)).toEqual(before);
    }
  });

  it('a stale version is a CONFLICT and writes nothing (update and mediation)', async () => {
    const { id } = await report();
    const ok = await fx.query<{ updateTreeHazard: { version: number; level: string; photos: string[] } }>(
      UPDATE, { id, v: 1, i: { measuredClearanceM: 1.7, photos: ['photo://a/2.jpg', 'photo://a/3.jpg'] } }, who.partnerA,
    );
    expect(ok.data?.updateTreeHazard).toEqual({ id, status: 'REPORTED', version: 2, level: 'GENERAL', clearedAt: null, photos: ['photo://a/2.jpg', 'photo://a/3.jpg'] });
    const before = await row(id);
    const outbox = await fx.subgraph.db.getRepository(OutboxEntity).count();
    const stale = await fx.query(UPDATE, { id, v: 1, i: { status: 'CLEARING', species: '竹子' } }, who.partnerA);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const staleMediation = await fx.query(MEDIATE, { id, v: 1, r: '户主不同意砍伐' }, who.partnerA);
    expect(staleMediation.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await row(id)).toEqual(before);
    expect(await fx.subgraph.db.getRepository(OutboxEntity).count()).toBe(outbox);
  });

  it('mediation of a CLEARED hazard is refused and writes no outbox row; an accepted one writes the change and the row together', async () => {
    const { id } = await report();
    await forceStatus(fx.subgraph, Number(id), HazardStatus.CLEARED);
    const outbox = fx.subgraph.db.getRepository(OutboxEntity);
    const count = await outbox.count();
    const refused = await fx.query(MEDIATE, { id, v: 1, r: '户主不同意' }, who.partnerA);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await outbox.count()).toBe(count);

    const open = await report();
    const accepted = await fx.query<{ requestMediation: { status: string; version: number; mediationCount: number } }>(MEDIATE, { id: open.id, v: 1, r: '户主不同意砍伐果树' }, who.partnerA);
    expect(accepted.data?.requestMediation).toEqual({ id: open.id, status: 'NEGOTIATING', version: 2, mediationCount: 1 });
    const message = await outbox.findOneByOrFail({ externalRef: `powergrid:hazard:${open.id}:mediation:1` });
    expect(JSON.parse(message.payload)).toMatchObject({ source: 'PARTNER', category: 'INFRA_TREE_HAZARD', gridId: '2', priority: 'URGENT', reporter: AGENCY_A });
    expect(message.deliveredAt).toBeNull(); // no reportEvent configured: it waits in the outbox
  });

  it('only the line\'s agency and the administrator write; the centre reads but may not change', async () => {
    const { id } = await report();
    const operator = await fx.query(UPDATE, { id, v: 1, i: { status: 'CLEARING' } }, who.operator);
    expect(operator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await fx.query(UPDATE, { id, v: 1, i: { status: 'CLEARING' } }, who.partnerB);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const otherReport = await fx.query(REPORT, { i: { lineId: '1', spanId: '1', species: '竹子', measuredClearanceM: 1 } }, who.partnerB);
    expect(otherReport.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await fx.query(UPDATE, { id, v: 1, i: { status: 'CLEARING' } }, who.admin)).errors).toBeUndefined();
    expect((await row(id)).status).toBe('CLEARING');
  });
});
