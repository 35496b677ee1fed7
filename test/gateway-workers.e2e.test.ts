import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueClientToken, loadOrCreateIdentityKeys, openDatabase, Role } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { buildPlan } from '@gridhub/seed';
import { runKeys } from '@gridhub/cli';
import { testDatabase, testDialects } from '@gridhub/kit/testing';

const root = join(__dirname, '..');
const DIALECT = 'mysql' as const;
const describeWithMysql = testDialects().includes(DIALECT) ? describe : describe.skip;
const LIMIT = 8;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** One request on a connection of its own, so the cluster's primary hands each to the next worker. */
const post = (url: string, token: string, query: string) =>
  new Promise<{ status: number; code?: string; workerPid?: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
        resolve({ status: res.statusCode ?? 0, code: body.errors?.[0]?.extensions?.code });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });

/**
 * `gridhub serve gateway --workers 2` (node:cluster, two processes on one port) in front of a served community
 * subgraph: with GRIDHUB_REDIS_URL both workers draw from one rate budget, so an identity gets exactly the limit
 * whichever process answers; with in-memory budgets each worker keeps its own and the identity gets more — which is
 * why replicas (and workers) need Redis.
 */
describeWithMysql('gateway workers share the rate budget through Redis (MySQL, two processes)', () => {
  let database: ReturnType<typeof testDatabase>;
  let secrets: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    database = testDatabase(DIALECT);
    secrets = mkdtempSync(join(tmpdir(), 'gridhub-workers-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(secrets, { recursive: true, force: true });
    await database.cleanup(['community', REGISTRY_DATABASE]);
  });

  it(`gives an identity exactly ${LIMIT} operations a minute across two workers with Redis, and more without`, async () => {
    await runKeys({ dir: secrets }, () => undefined);
    const gatewayKeys = await loadOrCreateIdentityKeys(join(secrets, 'gateway-identity.jwk'));
    writeFileSync(join(secrets, 'gateway.jwks.json'), JSON.stringify(gatewayKeys.publicJwks));
    const db = await openDatabase({ ...database.config, name: 'community', entities: community.entities, migrations: community.migrations });
    await community.seed!(db, buildPlan({ scale: 1, seed: 1 }), { scale: 1, seed: 1 });
    await db.destroy();

    const base = {
      ...process.env, NODE_ENV: '', GRIDHUB_DATABASE_URL: database.config.url!, GRIDHUB_MIGRATE_ON_START: 'true', GRIDHUB_LOG_LEVEL: 'warn',
      GRIDHUB_IDENTITY_JWKS_FILE: join(secrets, 'gateway.jwks.json'), GRIDHUB_DATA_DIR: secrets,
    };
    /** Starts `gridhub serve …` and waits until `listening` processes have said so (one per worker) and it is ready. */
    const serve = async (args: string[], env: Record<string, string>, port: number, listening = 1) => {
      const child = spawn('node', ['cli/dist/main.js', 'serve', ...args], { cwd: root, env: { ...base, GRIDHUB_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
      children.push(child);
      const started = Date.now();
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited: ${stderr}`);
        if (Date.now() - started > 90_000) throw new Error(`${args.join(' ')} not ready: ${stderr}`);
        const up = (stdout.match(/ listening"/g) ?? []).length >= listening;
        if (up && (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) return child;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const communityPort = await freePort();
    await serve(['community'], { GRIDHUB_COMMUNITY_PORT: String(communityPort), GRIDHUB_PUBLIC_URL: `http://127.0.0.1:${communityPort}/graphql` }, communityPort);
    const secret = readFileSync(join(secrets, 'jwt-secret'), 'utf8').trim();

    /** Serves the gateway in two workers, sends 2 × LIMIT operations as one fresh identity, stops it; the outcomes. */
    const run = async (redis: boolean) => {
      const port = await freePort();
      const gateway = await serve(['gateway', '--workers', '2'], {
        GRIDHUB_PORT: String(port), GRIDHUB_IDENTITY_KEY_FILE: join(secrets, 'gateway-identity.jwk'), GRIDHUB_JWT_SECRET_FILE: join(secrets, 'jwt-secret'),
        GRIDHUB_RATE_LIMIT: String(LIMIT), ...(redis ? { GRIDHUB_REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
      }, port, 2);
      const url = `http://127.0.0.1:${port}/graphql`;
      // A subject of its own: Redis keeps buckets between runs.
      const token = await issueClientToken(secret, { subject: `workers-${randomBytes(4).toString('hex')}`, role: Role.SUBDISTRICT_ADMIN });
      const outcomes = [];
      for (let i = 0; i < 2 * LIMIT; i++) outcomes.push(await post(url, token, '{ communities { id } }'));
      gateway.kill('SIGTERM');
      await new Promise((r) => gateway.once('exit', r));
      return outcomes;
    };

    const shared = await run(true);
    expect(shared.filter((o) => o.status === 200 && !o.code)).toHaveLength(LIMIT);
    expect(shared.filter((o) => o.code === 'RATE_LIMITED')).toHaveLength(LIMIT);
    const separate = await run(false);
    // Each worker allows LIMIT on its own: the two together let more through than one budget would.
    expect(separate.filter((o) => o.status === 200 && !o.code).length).toBeGreaterThan(LIMIT);
  }, 300_000);
});
