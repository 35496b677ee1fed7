import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { complex } from '../index';
import { ingestAccessRecords } from '../access-record/access-record.ingest';
import { reportEventOverHttp } from '../event-outbox/report-event.client';
import { seedCredentials, seedSmallComplex, systemData } from '../testing/small-complex.fixture';
import { startReportEventStub } from '../testing/report-event-stub.fixture';
import { CareAlertEntity } from './care-alert.entity';
import { runCareAlerts } from './care-alert.job';

describe.each(testDialects())('care alerts for residents living alone (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  let stub: Awaited<ReturnType<typeof startReportEventStub>>;
  let devices: Awaited<ReturnType<typeof seedSmallComplex>>;
  const now = new Date(Date.UTC(2026, 5, 10, 12));
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  let seq = 0;
  const door = (personId: number, at: string) => ({ deviceId: devices.unitDoors[0]!.id, deviceSeq: seq++, deviceTime: at, direction: 'OUT', credential: 'CARD', result: 'GRANTED', personId });

  beforeAll(async () => {
    stub = await startReportEventStub();
    fx = await startTestSubgraph(complex, { database: db.config });
    devices = await seedSmallComplex(fx.subgraph, 1);
    await seedCredentials(fx.subgraph, devices.complex.id, [1, 2, 3, 4]);
    // 1: out an hour ago; 2: silent for 60 h; 3: never seen; 4: not tagged, silent.
    await ingestAccessRecords(systemData(fx.subgraph), [door(1, hoursAgo(1)), door(2, hoursAgo(60)), door(4, hoursAgo(100))], { now });
  });
  afterAll(async () => {
    await fx?.stop();
    await stub?.stop();
    await db.cleanup(['complex']);
  });

  const elderly = async () => [{ id: 1, gridId: 11 }, { id: '2', gridId: '12' }, { id: 3, gridId: 13 }];

  it('raises one care event per silence, not one per run', async () => {
    const reportEvent = reportEventOverHttp({ url: stub.url });
    const first = await runCareAlerts(fx.subgraph.db, { hours: 48, elderlyAlone: elderly, reportEvent, now });
    expect(first).toEqual({ checked: 3, silent: 2, raised: 2, alreadyRaised: 0, delivered: 2, failed: 0 });
    expect(stub.calls.map((c) => c.input)).toEqual([
      expect.objectContaining({ category: 'CARE_ELDERLY_ALONE', source: 'DEVICE', gridId: '12', externalRef: `complex:care-alert:2:${hoursAgo(60)}` }),
      expect.objectContaining({ category: 'CARE_ELDERLY_ALONE', source: 'DEVICE', gridId: '13', externalRef: 'complex:care-alert:3:none' }),
    ]);
    const again = await runCareAlerts(fx.subgraph.db, { hours: 48, elderlyAlone: elderly, reportEvent, now: new Date(now.getTime() + 3_600_000) });
    expect(again).toMatchObject({ silent: 2, raised: 0, alreadyRaised: 2, delivered: 0 });
    expect(stub.calls).toHaveLength(2);
    expect(await fx.subgraph.db.getRepository(CareAlertEntity).count()).toBe(2);
  });

  it('alerts again after the person was seen and fell silent again; retries a failed delivery only', async () => {
    await ingestAccessRecords(systemData(fx.subgraph), [door(2, hoursAgo(50))], { now });
    stub.failNext(1);
    const calls = stub.calls.length;
    const reportEvent = reportEventOverHttp({ url: stub.url });
    const run = await runCareAlerts(fx.subgraph.db, { hours: 48, elderlyAlone: elderly, reportEvent, now });
    expect(run).toMatchObject({ raised: 1, alreadyRaised: 1, delivered: 0, failed: 1 });
    const retry = await runCareAlerts(fx.subgraph.db, { hours: 48, elderlyAlone: elderly, reportEvent, now });
    expect(retry).toMatchObject({ raised: 0, alreadyRaised: 2, delivered: 1, failed: 0 });
    expect(stub.calls.length - calls).toBe(2);
    expect(new Set(stub.calls.slice(calls).map((c) => c.input.externalRef))).toEqual(new Set([`complex:care-alert:2:${hoursAgo(50)}`]));
  });
});
