import { dispatcherOf, Role } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { EventOutboxEntity } from '../event-outbox/event-outbox.entity';
import { complex } from '../index';
import { OPERATOR, seedSmallComplex } from '../testing/small-complex.fixture';
import { startReportEventStub } from '../testing/report-event-stub.fixture';

const RECORD = `mutation($i: RecordFaceAlarmInput!) { recordFaceAlarm(input: $i) { id status } }`;
const CONFIRM = `mutation($id: ID!) { confirmFaceAlarm(id: $id, note: "核实属实") { id status version } }`;
const DISMISS = `mutation($id: ID!) { dismissFaceAlarm(id: $id) { id status } }`;

describe.each(testDialects())('face alarms (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  let stub: Awaited<ReturnType<typeof startReportEventStub>>;
  let devices: Awaited<ReturnType<typeof seedSmallComplex>>;

  beforeAll(async () => {
    stub = await startReportEventStub();
    // The kit's outbox dispatcher with a short interval: a failed delivery is retried within a fraction of a second.
    fx = await startTestSubgraph(
      { ...complex, services: (runtime) => ({ ...complex.services!(runtime), dispatchIntervalMs: 50, maxBackoffMs: 100 }) },
      { database: db.config, urls: { subdistrict: stub.url }, callHeaders: () => () => ({ 'x-test': 'complex' }) },
    );
    devices = await seedSmallComplex(fx.subgraph, 2);
  });
  afterAll(async () => {
    await fx?.stop();
    await stub?.stop();
    await db.cleanup(['complex']);
  });

  const raise = async () => {
    const r = await fx.query<{ recordFaceAlarm: { id: string; status: string } }>(RECORD, {
      i: { cameraId: String(devices.faceCamera.id), occurredAt: new Date(Date.now() - 60_000).toISOString(), similarity: 0.93, watchEntryRef: 'WL-2026-0042' },
    });
    expect(r.errors).toBeUndefined();
    return r.data!.recordFaceAlarm.id;
  };

  it('raises exactly one grid event of source DEVICE, however often confirmation is retried', async () => {
    const id = await raise();
    const calls = stub.calls.length;
    const first = await fx.query<{ confirmFaceAlarm: { status: string; version: number } }>(CONFIRM, { id }, OPERATOR);
    expect(first.data?.confirmFaceAlarm.status).toBe('CONFIRMED');
    const retries = await Promise.all([1, 2, 3].map(() => fx.query<{ confirmFaceAlarm: { status: string; version: number } }>(CONFIRM, { id }, OPERATOR)));
    for (const r of retries) expect(r.data?.confirmFaceAlarm).toEqual(first.data?.confirmFaceAlarm);
    // Sent before the confirmation answered (the subdistrict is up), once.
    expect(stub.calls.length - calls).toBe(1);
    expect(await dispatcherOf(fx.subgraph.db)!.drain(5_000)).toBe(true);
    expect(stub.calls.length - calls).toBe(1);
    const call = stub.calls.at(-1)!;
    expect(call.input).toMatchObject({ source: 'DEVICE', category: 'PUBLIC_SECURITY_HAZARD', gridId: '1', externalRef: `complex:face-alarm:${id}`, reporter: '人脸识别系统' });
    expect(JSON.stringify(call.input)).not.toContain('WL-2026-0042');
    expect(call.headers['x-test']).toBe('complex');
    expect(await fx.subgraph.db.getRepository(EventOutboxEntity).countBy({ externalRef: `complex:face-alarm:${id}` })).toBe(1);
  });

  it('keeps the event in the outbox while the subdistrict is down; the background loop delivers it later, once', async () => {
    const id = await raise();
    stub.failNext(3);
    const calls = stub.calls.length;
    const first = await fx.query<{ confirmFaceAlarm: { status: string } }>(CONFIRM, { id }, OPERATOR);
    expect(first.data?.confirmFaceAlarm.status).toBe('CONFIRMED');
    const row = await fx.subgraph.db.getRepository(EventOutboxEntity).findOneByOrFail({ externalRef: `complex:face-alarm:${id}` });
    expect(row.deliveredAt).toBeNull();
    expect(row.lastError).toContain('503');
    // No further request: the kit's dispatcher retries with backoff until the subdistrict takes it.
    expect(await dispatcherOf(fx.subgraph.db)!.drain(10_000)).toBe(true);
    const delivered = await fx.subgraph.db.getRepository(EventOutboxEntity).findOneByOrFail({ externalRef: `complex:face-alarm:${id}` });
    expect(delivered).toMatchObject({ attempts: 4, deadAt: null });
    expect(delivered.deliveredAt).toBeInstanceOf(Date);
    expect(delivered.eventId).toBeTruthy();
    expect(stub.calls.length - calls).toBe(4); // three failed attempts and the one delivery
    await fx.query(CONFIRM, { id }, OPERATOR); // a retried confirmation finds it delivered: nothing sent
    expect(stub.calls.length - calls).toBe(4);
  });

  it('raises nothing for a dismissed alarm and refuses to confirm it afterwards', async () => {
    const id = await raise();
    const calls = stub.calls.length;
    expect((await fx.query<{ dismissFaceAlarm: { status: string } }>(DISMISS, { id }, OPERATOR)).data?.dismissFaceAlarm.status).toBe('DISMISSED');
    const r = await fx.query(CONFIRM, { id }, OPERATOR);
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(stub.calls.length).toBe(calls);
  });

  it('shows the watch-list reference only to the centre, and lets only the centre decide', async () => {
    const id = await raise();
    const q = `{ faceAlarms(filter: { status: NEW }, first: 50) { totalCount edges { node { id watchEntryRef camera { faceRecognition } } } } }`;
    const centre = await fx.query<{ faceAlarms: { totalCount: number; edges: { node: { id: string; watchEntryRef: string | null; camera: { faceRecognition: boolean } } }[] } }>(q, {}, OPERATOR);
    const node = centre.data!.faceAlarms.edges.find((e) => e.node.id === id)!.node;
    expect(node).toMatchObject({ watchEntryRef: 'WL-2026-0042', camera: { faceRecognition: true } });
    const staff = { subject: 's', role: Role.COMMUNITY_STAFF, communityIds: [1] };
    const seen = await fx.query<{ faceAlarms: { edges: { node: { id: string; watchEntryRef: string | null } }[] } }>(q, {}, staff);
    expect(seen.data!.faceAlarms.edges.find((e) => e.node.id === id)!.node.watchEntryRef).toBeNull();
    expect((await fx.query(CONFIRM, { id }, staff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
