import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { createIdentityKeys, identityHeaders, openDatabase, Role } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { buildPlan } from '@gridhub/seed';
import { testDatabase, testDialects } from '@gridhub/kit/testing';

const root = join(__dirname, '..');

/** Every grid with 20 residents, their houses, grids and residences: a series of batched statements per request. */
const HEAVY = `query Heavy {
  communities { id grids { id residents(first: 20) { totalCount edges { node { id name house { id } grid { id name } residences { id relation } } } } } }
}`;

/**
 * `gridhub serve community` as a real process (the production entry point, from `node scripts/build.mjs`): SIGTERM
 * while 20 heavy requests are in flight lets all 20 finish, refuses new ones, closes the pool and exits 0.
 */
/*
 * SQLite answers synchronously, so one process runs its requests one after another and never has 20 executing at
 * once: the test needs the production database, a MySQL-compatible server (CI always provides MariaDB).
 */
const DIALECT = 'mysql' as const;
const describeWithMysql = testDialects().includes(DIALECT) ? describe : describe.skip;

describeWithMysql('gridhub serve: graceful shutdown on SIGTERM (MySQL)', () => {
  // Once in CI (two suites at once on two cores) a connection was reset with no account of why; it has not recurred in
  // runs alone or under CPU load. One retry keeps CI honest about a real regression (it fails twice) while the
  // diagnostics below (exit code, stderr, last log lines) say what happened if it comes back.
  jest.retryTimes(1, { logErrorsBeforeRetry: true });
  // Made in beforeAll: without MySQL the suite is reported as skipped, and collecting it must not need the server.
  let database: ReturnType<typeof testDatabase>;
  let dataDir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    database = testDatabase(DIALECT);
    dataDir = mkdtempSync(join(tmpdir(), 'gridhub-serve-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await database.cleanup(['community', REGISTRY_DATABASE]);
  });

  it('finishes all 20 requests in flight, then exits 0', async () => {
    // A retry starts from nothing: no process of the first try, no database it seeded.
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database.cleanup(['community']);
    execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
    const db = await openDatabase({ ...database.config, name: 'community', entities: community.entities, migrations: community.migrations });
    await community.seed!(db, buildPlan({ scale: 1, seed: 1 }), { scale: 1, seed: 1 });
    await db.destroy();

    const keys = await createIdentityKeys();
    const jwks = join(dataDir, 'gateway.jwks.json');
    writeFileSync(jwks, JSON.stringify(keys.publicJwks));
    child = spawn('node', ['cli/dist/main.js', 'serve', 'community'], {
      cwd: root,
      env: {
        ...process.env, NODE_ENV: '', GRIDHUB_DATA_DIR: database.config.dataDir ?? dataDir, GRIDHUB_DATABASE_URL: database.config.url ?? '', GRIDHUB_COMMUNITY_PORT: '0',
        GRIDHUB_IDENTITY_JWKS_FILE: jwks, GRIDHUB_LOG_LEVEL: 'debug', GRIDHUB_SHUTDOWN_GRACE_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let output = '';
    child.stdout!.on('data', (b: Buffer) => {
      output += b.toString();
      const complete = output.split('\n');
      output = complete.pop()!;
      for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

    const waitFor = async (what: string, test: () => boolean, ms = 30_000) => {
      const started = Date.now();
      while (!test()) {
        if (child!.exitCode !== null) throw new Error(`serve exited early (${child!.exitCode}): ${stderr}`);
        if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor('listening', () => lines.some((l) => typeof l.msg === 'string' && l.msg.includes('listening')));
    const url = lines.find((l) => typeof l.msg === 'string' && l.msg.includes('listening'))!.url as string;
    expect((await fetch(url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);

    const headers = { 'content-type': 'application/json', ...(await identityHeaders(keys, { subject: 'admin', role: Role.SUBDISTRICT_ADMIN }, 'community')) };
    let done = 0;
    // One connection per request (no client-side pooling or queueing): all 20 reach the service at once.
    const post = (requestId: string) =>
      new Promise<{ status: number; body: { data?: { communities: unknown[] }; errors?: unknown[] } }>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'x-request-id': requestId } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            done++;
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
            } catch (err) {
              reject(err as Error);
            }
          });
        });
        // A reset connection says why only with the service's own account of it: its exit code, stderr and last lines.
        req.on('error', (err) => {
          void Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]).then(() =>
            reject(new Error(`${requestId}: ${err.message}; done=${done} exit=${child!.exitCode} stderr=${stderr.slice(-2000)} last=${JSON.stringify(lines.slice(-8)).slice(0, 4000)}`)),
          );
        });
        req.end(JSON.stringify({ query: HEAVY }));
      });
    const requests = Array.from({ length: 20 }, (_, i) => post(`inflight-${i}`));
    // Observed from the start: a request that fails before the signal is reported with the service's account of it.
    const all = Promise.all(requests);
    all.catch(() => undefined);
    // Every request has been received by the service (its handler has started) before the signal.
    const started = () => new Set(lines.filter((l) => l.msg === 'request received' && String(l.requestId).startsWith('inflight-')).map((l) => l.requestId)).size;
    await Promise.race([
      waitFor('20 operations in flight', () => started() === 20),
      all.then(() => undefined),
    ]).catch((e) => { throw new Error(`${e.message} done=${done} ${JSON.stringify(lines.slice(-5)).slice(0, 3000)}`); });
    const finishedBeforeSignal = done;
    child.kill('SIGTERM');

    const results = await all;
    expect(finishedBeforeSignal).toBeLessThan(20);
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data!.communities.length).toBe(11);
    }
    expect(await exited).toBe(0);
    expect(lines.some((l) => typeof l.msg === 'string' && l.msg.startsWith('SIGTERM'))).toBe(true);
    expect(lines.at(-1)?.msg).toBe('stopped');
    // Nothing listens any more.
    await expect(fetch(url, { method: 'POST', headers, body: '{"query":"{ __typename }"}' })).rejects.toThrow('fetch failed');
  });
});
