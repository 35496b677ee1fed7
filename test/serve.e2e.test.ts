import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * The production shape as separate processes (`gridhub serve`): gateway, community and subdistrict, with the secrets
 * `gridhub keys` writes. A report needs the subdistrict subgraph to check the grid in the community subgraph; it does
 * so through the gateway with its fixed service token, and the gateway publishes no key but its own.
 */
describeWithMysql('gridhub serve: subgraphs call each other through the gateway with service tokens (MySQL)', () => {
  let database: ReturnType<typeof testDatabase>;
  let secrets: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    database = testDatabase(DIALECT);
    secrets = mkdtempSync(join(tmpdir(), 'gridhub-secrets-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(secrets, { recursive: true, force: true });
    await database.cleanup(['community', 'subdistrict', REGISTRY_DATABASE]);
  });

  it('reports an event into a real grid and refuses an unknown one', async () => {
    // Runs the build `npm test` made (scripts/test.sh builds before jest).
    await runKeys({ dir: secrets }, () => undefined);
    const gatewayKeys = await loadOrCreateIdentityKeys(join(secrets, 'gateway-identity.jwk'));
    writeFileSync(join(secrets, 'gateway.jwks.json'), JSON.stringify(gatewayKeys.publicJwks));
    const db = await openDatabase({ ...database.config, name: 'community', entities: community.entities, migrations: community.migrations });
    const plan = buildPlan({ scale: 1, seed: 1 });
    await community.seed!(db, plan, { scale: 1, seed: 1 });
    await db.destroy();

    const [gatewayPort, communityPort, subdistrictPort] = [await freePort(), await freePort(), await freePort()];
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    const base = {
      ...process.env, NODE_ENV: '', GRIDHUB_DATABASE_URL: database.config.url!, GRIDHUB_MIGRATE_ON_START: 'true', GRIDHUB_LOG_LEVEL: 'warn',
      GRIDHUB_IDENTITY_JWKS_FILE: join(secrets, 'gateway.jwks.json'), GRIDHUB_DATA_DIR: secrets,
    };
    const serve = async (service: string, env: Record<string, string>, port: number) => {
      const child = spawn('node', ['cli/dist/main.js', 'serve', service], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
      children.push(child);
      const started = Date.now();
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${service} exited: ${stderr}`);
        if (Date.now() - started > 60_000) throw new Error(`${service} not ready: ${stderr}`);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (ready) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await serve('community', { GRIDHUB_COMMUNITY_PORT: String(communityPort), GRIDHUB_PUBLIC_URL: `http://127.0.0.1:${communityPort}/graphql` }, communityPort);
    await serve('subdistrict', {
      GRIDHUB_SUBDISTRICT_PORT: String(subdistrictPort), GRIDHUB_PUBLIC_URL: `http://127.0.0.1:${subdistrictPort}/graphql`,
      GRIDHUB_GATEWAY_URL: gatewayUrl, GRIDHUB_SERVICE_TOKEN_FILE: join(secrets, 'service-token-subdistrict'),
    }, subdistrictPort);
    await serve('gateway', {
      GRIDHUB_PORT: String(gatewayPort), GRIDHUB_IDENTITY_KEY_FILE: join(secrets, 'gateway-identity.jwk'), GRIDHUB_JWT_SECRET_FILE: join(secrets, 'jwt-secret'),
    }, gatewayPort);

    const jwks = (await (await fetch(`http://127.0.0.1:${gatewayPort}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([gatewayKeys.kid]);

    const token = await issueClientToken(readFileSync(join(secrets, 'jwt-secret'), 'utf8').trim(), { subject: 'op', role: Role.CENTER_OPERATOR, name: '值班员' });
    const report = (gridId: number) =>
      fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($g: ID!) { reportEvent(input: { title: "路灯不亮", description: "东门路灯", category: "INFRA_STREETLIGHT", source: PATROL, gridId: $g, location: "东门", reporter: "值班员" }) { id grid { id community { name } } } }',
          variables: { g: String(gridId) },
        }),
      }).then((r) => r.json() as Promise<{ data?: { reportEvent: { grid: { id: string; community: { name: string } } } } | null; errors?: { extensions: { code: string } }[] }>);
    // The supergraph may still be on its way from the registry to the gateway: retry for a few seconds.
    const grid = plan.grids.find((g) => g.validTo === null)!;
    let ok = await report(grid.id);
    for (let i = 0; i < 25 && !ok.data?.reportEvent; i++) {
      await new Promise((r) => setTimeout(r, 400));
      ok = await report(grid.id);
    }
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.reportEvent.grid.id).toBe(String(grid.id));
    expect(ok.data!.reportEvent.grid.community.name).toBeTruthy();
    const unknown = await report(999_999);
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  }, 240_000);
});
