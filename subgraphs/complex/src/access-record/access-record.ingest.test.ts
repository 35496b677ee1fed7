import { startTestSubgraph, TEST_ADMIN, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { complex } from '../index';
import { AccessRecordEntity } from './access-record.entity';
import { DeviceEntity } from '../device/device.entity';
import { INGEST_PATH } from './access-record.route';
import { seedCredentials, seedSmallComplex } from '../testing/small-complex.fixture';
import { Role } from '@gridhub/kit';

describe.each(testDialects())('door-record ingestion (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  let devices: Awaited<ReturnType<typeof seedSmallComplex>>;
  const base = Date.now() - 3 * 86_400_000;

  const record = (i: number, device = devices.unitDoors[i % devices.unitDoors.length]!.id) => ({
    deviceId: device,
    deviceSeq: i,
    deviceTime: new Date(base + (i % 200_000) * 1000).toISOString(),
    direction: i % 2 ? 'IN' : 'OUT',
    credential: 'CARD',
    result: 'GRANTED',
    personId: (i % 500) + 1,
  });
  const post = async (lines: unknown[], who = TEST_ADMIN) => {
    const res = await fetch(fx.subgraph.url.replace(/\/graphql$/, INGEST_PATH), {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...(await fx.headers(who)) },
      body: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
    });
    return { status: res.status, body: (await res.json()) as { accepted: number; duplicates: number; rejected: number; rejections: { index: number; deviceId: string | null; deviceSeq: number | null; code: string; reason: string }[] } };
  };

  beforeAll(async () => {
    fx = await startTestSubgraph(complex, { database: db.config });
    devices = await seedSmallComplex(fx.subgraph);
    await seedCredentials(fx.subgraph, devices.complex.id, Array.from({ length: 500 }, (_, i) => i + 1));
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['complex']);
  });

  it('stores 100,000 records sent twice in batches of 1,000 exactly once', async () => {
    let accepted = 0;
    let duplicates = 0;
    for (let b = 0; b < 100; b++) {
      const batch = Array.from({ length: 1000 }, (_, i) => record(b * 1000 + i));
      for (let send = 0; send < 2; send++) {
        const { status, body } = await post(batch);
        expect(status).toBe(200);
        expect(body.rejected).toBe(0);
        accepted += body.accepted;
        duplicates += body.duplicates;
      }
    }
    expect(accepted).toBe(100_000);
    expect(duplicates).toBe(100_000);
    expect(await fx.subgraph.db.getRepository(AccessRecordEntity).count()).toBe(100_000);
    const door = await fx.subgraph.db.getRepository(DeviceEntity).findOneByOrFail({ id: devices.unitDoors[0]!.id });
    expect(door.online).toBe(true);
    expect(door.lastHeartbeatAt).toBeInstanceOf(Date);
  });

  it('counts a record repeated inside one batch as a duplicate', async () => {
    const r = record(200_000);
    const { body } = await post([r, r, r]);
    expect(body).toMatchObject({ accepted: 1, duplicates: 2, rejected: 0 });
  });

  it('stores the valid 90% of a batch and reports each invalid record with its reason', async () => {
    const invalid: ((i: number) => unknown)[] = [
      (i) => ({ ...record(i), deviceId: 999_999 }),
      (i) => ({ ...record(i), deviceTime: new Date(Date.now() + 3_600_000).toISOString() }),
      (i) => ({ ...record(i), credential: 'IRIS' }),
      (i) => ({ ...record(i), direction: undefined }),
      (i) => ({ ...record(i), deviceId: devices.camera.id }),
      () => '{"deviceId": 1, "deviceSeq": ',
      (i) => ({ ...record(i), deviceTime: '2026-11-28 08:00:00' }),
      (i) => ({ ...record(i), deviceSeq: -1 }),
      (i) => ({ ...record(i), result: 'MAYBE' }),
      (i) => ({ ...record(i), personId: 'abc' }),
    ];
    const expectedCodes = ['UNKNOWN_DEVICE', 'FUTURE_TIME', 'BAD_VALUE', 'MISSING_FIELD', 'NOT_A_DOOR_DEVICE', 'INVALID_JSON', 'BAD_VALUE', 'BAD_VALUE', 'BAD_VALUE', 'BAD_VALUE'];
    const before = await fx.subgraph.db.getRepository(AccessRecordEntity).count();
    const start = 300_000;
    const batch = Array.from({ length: 1000 }, (_, i) => (i % 10 === 3 ? invalid[(i / 10) % invalid.length | 0]!(start + i) : record(start + i)));
    const { body } = await post(batch);
    expect(body.accepted).toBe(900);
    expect(body.duplicates).toBe(0);
    expect(body.rejected).toBe(100);
    expect(body.rejections.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, k) => k * 10 + 3));
    body.rejections.forEach((r, k) => {
      expect(r.code).toBe(expectedCodes[k % expectedCodes.length]);
      expect(r.reason.length).toBeGreaterThan(5);
    });
    expect(body.rejections[0]).toMatchObject({ deviceId: '999999', deviceSeq: start + 3, code: 'UNKNOWN_DEVICE' });
    expect(await fx.subgraph.db.getRepository(AccessRecordEntity).count()).toBe(before + 900);
  });

  it('takes the same records through the ingestAccessRecords mutation, by device code too', async () => {
    const q = `mutation($r: [AccessRecordInput!]!) { ingestAccessRecords(records: $r) { accepted duplicates rejected rejections { index code reason } } }`;
    const records = [
      { ...record(400_000), deviceId: undefined, deviceCode: devices.gate.code, personId: '7' },
      { ...record(400_001), deviceId: String(devices.gate.id), personId: null },
      { ...record(400_002), direction: 'SIDEWAYS' },
      { ...record(400_000), deviceId: String(devices.gate.id), personId: '7' },
    ];
    const { data, errors } = await fx.query<{ ingestAccessRecords: { accepted: number; duplicates: number; rejected: number; rejections: { index: number; code: string }[] } }>(q, { r: records });
    expect(errors).toBeUndefined();
    expect(data!.ingestAccessRecords).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1, rejections: [{ index: 2, code: 'BAD_VALUE' }] });
  });

  it('rejects records of devices outside a complex manager\'s complexes, and refuses calls without identity', async () => {
    // A device the caller cannot see is unknown to it, exactly like a missing one (scope never reveals existence).
    const { body } = await post([record(500_000)], { subject: 'mgr', role: Role.COMPLEX_MANAGER, complexIds: [devices.complex.id + 1] });
    expect(body).toMatchObject({ accepted: 0, rejected: 1, rejections: [{ code: 'UNKNOWN_DEVICE' }] });
    const res = await fetch(fx.subgraph.url.replace(/\/graphql$/, INGEST_PATH), { method: 'POST', body: JSON.stringify(record(500_001)) });
    expect(res.status).toBe(401);
    const partner = await post([record(500_002)], { subject: 'p', role: Role.PARTNER });
    expect(partner.status).toBe(403);
  });
});
