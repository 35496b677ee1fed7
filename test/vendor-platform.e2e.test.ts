import { Role } from '@gridhub/kit';
import { startTestHub, type TestHub } from './src/hub';

/** A vendor's subgraph names the platform it fronts by code: the registry links it to that Platform row. */
let t: TestHub;
let token: string;
const SDL = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\ntype Query { acmeGateStatus: String }';

beforeAll(async () => {
  t = await startTestHub('sqlite', { seed: { scale: 1, seed: 1, accessRecordsPerDevice: 1 } });
  token = await t.token({ subject: 'acme-ops', role: Role.VENDOR, subgraphs: ['acme-gate'] });
}, 300_000);
afterAll(() => t?.stop());

const publish = async (platform: string) => {
  const res = await fetch(new URL('/admin/subgraphs/publish', t.hub.gateway.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ subgraph: { name: 'acme-gate', url: 'http://127.0.0.1:9/graphql', sdl: SDL, platform } }),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; errors?: { code: string; message: string }[] } };
};

it('takes the tier and vendor of the platform it names, and refuses a code no platform has', async () => {
  const { data } = await t.query<{ platforms: { code: string; tier: string; vendor: string }[] }>('{ platforms { code tier vendor } }');
  const platform = data!.platforms.find((p) => p.tier === 'COMPLEX') ?? data!.platforms[0]!;

  const unknown = await publish('NO-SUCH-PLATFORM');
  expect(unknown).toMatchObject({ status: 400, body: { ok: false, errors: [{ code: 'INVALID_INPUT' }] } });
  expect(unknown.body.errors![0]!.message).toContain(platform.code);

  expect(await publish(platform.code)).toMatchObject({ status: 201, body: { ok: true } });
  const record = (await t.hub.registry.list()).find((s) => s.name === 'acme-gate');
  expect(record).toMatchObject({ platform: platform.code, tier: platform.tier, owner: platform.vendor });
});
