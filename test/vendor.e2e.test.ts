import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Role } from '@gridhub/kit';
import { packKit, scaffoldSubgraph, verifySubgraph } from '@gridhub/cli';
import { startTestHub, type TestHub } from './src/hub';
import { steadyLoad, until } from './src/steady-load';

/**
 * A vendor's whole path, as a vendor takes it (issue 15): `gridhub subgraph new` into a folder outside the
 * workspace, the packed kit installed from its tarball by npm, the project's own tests, `npm start`, the
 * conformance run, a publish with a VENDOR token through the gateway's admin API while clients keep querying, the
 * extension field answered through the gateway — and the registry's refusals of what a vendor may not publish.
 */
const run = promisify(execFile);
const NAME = 'acme-parking';
const env: NodeJS.ProcessEnv = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr', npm_config_audit: 'false', npm_config_fund: 'false' };

/**
 * better-sqlite3's addon as the workspace compiled it (the kit pins the same version; same Node), offered the way its
 * installer (prebuild-install) takes a local prebuild: the vendor's `npm install` runs every install script but
 * compiles nothing (compiling again costs 70–150 s on two cores and tests nothing of ours).
 */
function localPrebuilds(dir: string): string {
  const pkg = dirname(require.resolve('better-sqlite3/package.json', { paths: [join(__dirname, '..', 'packages', 'kit')] }));
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(dir, { recursive: true });
  const tarball = join(dir, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  execFileSync('tar', ['czf', tarball, '-C', pkg, 'build/Release/better_sqlite3.node']);
  return dir;
}

let folder: string;
let project: string;
let t: TestHub;
let service: ChildProcess | undefined;
let serviceUrl: string;
let vendorToken: string;

/** POSTs to the gateway's registry admin API as the vendor. */
async function admin(path: string, body: unknown, token = vendorToken): Promise<{ status: number; body: { ok: boolean; errors?: { code: string; location?: string; reason?: string; fix?: string }[] } }> {
  const res = await fetch(new URL(`/admin${path}`, t.hub.gateway.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** Starts the vendor project (`npm start`) against the hub gateway's public keys; resolves with its URL. */
function startService(): Promise<string> {
  const jwks = new URL('/.well-known/jwks.json', t.hub.gateway.url).toString();
  service = spawn('npm', ['start'], { cwd: project, env: { ...env, PORT: '0', GRIDHUB_IDENTITY_JWKS_URL: jwks, GRIDHUB_DATA_DIR: join(folder, 'data') }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    service!.stdout!.on('data', seen);
    service!.stderr!.on('data', seen);
    service!.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gridhub-vendor-'));
  const kit = packKit(join(folder, 'kit'));
  project = scaffoldSubgraph(NAME, { dir: join(folder, NAME), kit });
  env.npm_config_better_sqlite3_local_prebuilds = localPrebuilds(join(folder, 'prebuilds'));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 });
  t = await startTestHub('sqlite', { registryPollIntervalMs: 200 });
  vendorToken = await t.token({ subject: 'acme-ops', role: Role.VENDOR, name: 'Acme parking', subgraphs: [NAME] });
}, 900_000);

afterAll(async () => {
  if (service?.pid && service.exitCode === null) {
    const exited = new Promise((resolve) => service!.once('exit', resolve));
    process.kill(-service.pid, 'SIGTERM');
    await exited;
  }
  await t?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

it('the scaffolded project, outside the workspace, passes its own tests on the installed kit', async () => {
  const { stdout } = await run('npm', ['test'], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 });
  expect(stdout).toMatch(/# pass 4/);
  expect(stdout).toMatch(/# fail 0/);
}, 300_000);

it('starts, passes the conformance run, is published with its VENDOR token under load, and answers through the gateway', async () => {
  serviceUrl = await startService();
  const before = await verifySubgraph({ url: serviceUrl, name: NAME, keys: t.hub.identityKeys, budgetMs: 5_000 });
  expect(before.checks.filter((c) => c.status === 'fail')).toEqual([]);
  expect(before.checks.map((c) => `${c.status} ${c.check}`)).toEqual(expect.arrayContaining([
    'pass anonymous request refused',
    'pass forged identity token refused (signed with another key)',
    'pass expired identity token refused',
    'pass misaddressed identity token refused (audience another subgraph)',
    'skip _service { sdl } matches the published SDL',
    `pass personal-data fields masked (acmeParkingNotices { contactPhone }, ${Role.SUBDISTRICT_ADMIN})`,
    'pass references honour scope (ResidentialComplex { acmeParkingNotices } for an empty scope)',
  ]));

  const load = steadyLoad(t, { concurrency: 4, maxMs: 120_000 });
  const published = await admin('/subgraphs/publish', { subgraph: { name: NAME, url: serviceUrl, owner: 'Acme' } });
  expect(published).toMatchObject({ status: 201, body: { ok: true, version: { actor: 'acme-ops' } } });
  const extension = '{ complex(id: 1) { name acmeParkingNotices { title contactPhone } } }';
  await until(async () => !(await t.query(extension)).errors, 30_000, 100);
  const stats = await load.stop();
  console.log(`load while the vendor published: ${stats.requests} requests, ${stats.failures.length} failed`);
  expect(stats.failures).toEqual([]);
  expect(stats.requests).toBeGreaterThan(0);

  const answer = await t.query<{ complex: { acmeParkingNotices: { title: string; contactPhone: string }[] } }>(extension);
  expect(answer.data!.complex.acmeParkingNotices).toEqual([{ title: expect.stringMatching(/^Complex 1:/), contactPhone: '138****0001' }]);

  const history = await fetch(new URL('/admin/supergraph/history', t.hub.gateway.url), { headers: { authorization: `Bearer ${vendorToken}` } });
  expect(((await history.json()) as { versions: { actor: string }[] }).versions).toEqual([expect.objectContaining({ actor: 'acme-ops' })]);

  const current = (await t.hub.registry.list()).find((s) => s.name === NAME)!;
  const after = await verifySubgraph({ url: serviceUrl, name: NAME, keys: t.hub.identityKeys, publishedSdl: current.sdl, budgetMs: 5_000 });
  expect(after).toMatchObject({ ok: true });
  expect(after.checks).toContainEqual({ check: '_service { sdl } matches the published SDL', status: 'pass', detail: 'identical' });
}, 300_000);

describe('what the registry refuses a vendor', () => {
  const sdl = async () => (await t.hub.registry.list()).find((s) => s.name === NAME)!.sdl;

  it('another vendor’s subgraph name: 403 NOT_OWNER; a rollback: 403 FORBIDDEN', async () => {
    const r = await admin('/subgraphs/publish', { subgraph: { name: 'visitors', url: serviceUrl } });
    expect(r).toMatchObject({ status: 403, body: { ok: false, errors: [{ code: 'NOT_OWNER' }] } });
    const remove = await admin('/subgraphs/remove', { name: 'community' });
    expect(remove).toMatchObject({ status: 403, body: { errors: [{ code: 'NOT_OWNER' }] } });
    // Rolling the whole graph back stays with the administrator.
    expect(await admin('/supergraph/rollback', { version: 1 })).toMatchObject({ status: 403, body: { errors: [{ code: 'FORBIDDEN' }] } });
  });

  it('@override of Person.idNumber: 422 FIELD_OWNERSHIP naming the field and the fix', async () => {
    const takeover = `${await sdl()}\ntype Person @key(fields: "id") { id: ID! idNumber: String! @override(from: "community") }`;
    const r = await admin('/subgraphs/publish', { subgraph: { name: NAME, url: serviceUrl, sdl: takeover } });
    expect(r.status).toBe(422);
    expect(r.body.errors![0]).toMatchObject({ code: 'FIELD_OWNERSHIP', reason: 'OVERRIDE', location: 'Person.idNumber', fix: expect.stringMatching(/extend Person/) });
  });

  it('an unclassified phone field: 422 PERSONAL_DATA_UNDECLARED naming the field, the rule and the fix', async () => {
    const desk = `${await sdl()}\ntype AcmeParkingDesk { id: ID! phone: String }\nextend type Query { acmeParkingDesk: AcmeParkingDesk }`;
    const r = await admin('/subgraphs/publish', { subgraph: { name: NAME, url: serviceUrl, sdl: desk } });
    expect(r).toMatchObject({ status: 422, body: { errors: [{ code: 'PERSONAL_DATA_UNDECLARED', reason: 'UNDECLARED', location: 'AcmeParkingDesk.phone' }] } });
    expect(r.body.errors![0]!.fix).toMatch(/@Sensitive\('PHONE'\)[\s\S]*@Classified/);
    expect((await t.hub.registry.history({ limit: 1 }))[0]!.actor).toBe('acme-ops');
  });
});
