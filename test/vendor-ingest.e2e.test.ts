import { Role } from '@gridhub/kit';
import { startTestHub, type TestHub } from './src/hub';

/**
 * Door records from a platform outside the hub reach the complex subgraph's NDJSON route through the gateway, with
 * the platform's own client token (a COMPLEX_MANAGER credential of its complexes): the gateway checks the token and
 * signs the identity, the complex subgraph decides record by record.
 */
let t: TestHub;
let url: string;
const devices: Record<number, string> = {};

beforeAll(async () => {
  t = await startTestHub('sqlite', { seed: { scale: 1, seed: 1, accessRecordsPerDevice: 1 } });
  url = new URL('/ingest/access-records', t.hub.gateway.url).toString();
  for (const id of [1, 2]) {
    const r = await t.query<{ complex: { accessDevices: { id: string }[] } }>(`{ complex(id: ${id}) { accessDevices { id } } }`);
    devices[id] = r.data!.complex.accessDevices[0]!.id;
  }
}, 300_000);
afterAll(() => t?.stop());

const line = (deviceId: string, seq: number) =>
  JSON.stringify({ deviceId: Number(deviceId), deviceSeq: 900_000 + seq, deviceTime: new Date(Date.now() - seq * 1000).toISOString(), direction: 'IN', credential: 'CARD', result: 'DENIED' });

async function post(body: string, token?: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  return { status: res.status, body: (await res.json()) as { accepted?: number; duplicates?: number; rejected?: number; rejections?: { index: number; code: string }[]; errors?: { extensions: { code: string } }[] } };
}

it('stores a platform’s records for the devices of its complexes, and rejects the others one by one', async () => {
  const platform = await t.token({ subject: 'acme-doors', role: Role.COMPLEX_MANAGER, name: 'Acme access control', complexIds: [1] });
  const body = [line(devices[1]!, 1), line(devices[1]!, 2), line(devices[2]!, 3)].join('\n');
  const first = await post(body, platform);
  expect(first).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0, rejected: 1, rejections: [{ index: 2, code: 'UNKNOWN_DEVICE' }] } });
  expect(await post(body, platform)).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 2, rejected: 1 } });
});

it('takes a back-fill of 20,000 records in one body (the rate is logged, not asserted)', async () => {
  const platform = await t.token({ subject: 'acme-doors', role: Role.COMPLEX_MANAGER, complexIds: [1] });
  const body = Array.from({ length: 20_000 }, (_, i) => line(devices[1]!, 1_000 + i)).join('\n');
  const started = performance.now();
  const r = await post(body, platform);
  const seconds = (performance.now() - started) / 1000;
  expect(r).toMatchObject({ status: 200, body: { accepted: 20_000, rejected: 0 } });
  console.log(`NDJSON through the gateway: 20,000 records in ${seconds.toFixed(2)} s (${Math.round(20_000 / seconds)} records/s, ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB)`);
});

it('refuses an anonymous sender (401 UNAUTHENTICATED) and a role that may not ingest (403 FORBIDDEN)', async () => {
  expect(await post(line(devices[1]!, 4))).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
  const partner = await t.token({ subject: 'p', role: Role.PARTNER, agency: 'grid-co' });
  expect(await post(line(devices[1]!, 4), partner)).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
});
