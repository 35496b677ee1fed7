import { startSubgraph } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { ingestAccessRecords } from '../access-record/access-record.ingest';
import { complex } from '../index';
import { seedCredentials, seedSmallComplex, systemData } from '../testing/small-complex.fixture';
import { DeviceEntity } from './device.entity';
import { markOfflineDevices } from './device.heartbeat';

const DEVICE = 'query($id: ID!) { accessDevice(id: $id) { online } }';

describe.each(testDialects())('device heartbeat (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  let devices: Awaited<ReturnType<typeof seedSmallComplex>>;
  let seq = 1;
  const door = (at: Date) => ({ deviceId: devices.unitDoors[0]!.id, deviceSeq: seq++, deviceTime: at.toISOString(), direction: 'OUT', credential: 'CARD', result: 'GRANTED', personId: 1 });
  const online = async () => (await fx.query<{ accessDevice: { online: boolean } }>(DEVICE, { id: String(devices.unitDoors[0]!.id) })).data!.accessDevice.online;

  beforeAll(async () => {
    fx = await startTestSubgraph(complex, { database: db.config });
    devices = await seedSmallComplex(fx.subgraph, 2);
    await seedCredentials(fx.subgraph, devices.complex.id, [1]);
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['complex']);
  });

  it('goes OFFLINE when it stops sending records, and back ONLINE with its next batch', async () => {
    const t0 = new Date();
    await ingestAccessRecords(systemData(fx.subgraph), [door(t0)], { now: t0 });
    expect(await online()).toBe(true);
    expect(await markOfflineDevices(fx.subgraph.db, 15, new Date(t0.getTime() + 10 * 60_000))).toBe(0);
    expect(await online()).toBe(true);
    // 20 minutes of silence: offline. The other door never sent anything and was never online: untouched.
    expect(await markOfflineDevices(fx.subgraph.db, 15, new Date(t0.getTime() + 20 * 60_000))).toBe(1);
    expect(await online()).toBe(false);
    const t1 = new Date(t0.getTime() + 21 * 60_000);
    await ingestAccessRecords(systemData(fx.subgraph), [door(t1)], { now: t1 });
    expect(await online()).toBe(true);
  });
});

describe('the complex definition runs it as a job (sqlite)', () => {
  it('marks a silent device offline while the subgraph serves with jobs', async () => {
    const db = testDatabase('sqlite');
    // The same job, every 50 ms instead of every minute.
    const definition = { ...complex, jobs: complex.jobs!.map((job) => ({ ...job, everyMs: 50 })) };
    expect(complex.jobs!.map((j) => j.name)).toEqual(['mark-offline-devices']);
    const sg = await startSubgraph(definition, { database: db.config, identity: { publicKeys: { keys: [] } }, jobs: true });
    try {
      const devices = await seedSmallComplex(sg, 1);
      const id = devices.unitDoors[0]!.id;
      await sg.db.getRepository(DeviceEntity).update({ id }, { online: true, lastHeartbeatAt: new Date(Date.now() - 30 * 60_000) });
      for (let i = 0; i < 100 && (await sg.db.getRepository(DeviceEntity).findOneByOrFail({ id })).online; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await sg.db.getRepository(DeviceEntity).findOneByOrFail({ id })).online).toBe(false);
    } finally {
      await sg.stop();
      await db.cleanup(['complex']);
    }
  });
});
