import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityKeys, issueClientToken, Role, type DatabaseConfig, type Dialect, type Identity, type SeedSettings } from '@gridhub/kit';
import { startHub, type AnySubgraph, type RunningHub } from '@gridhub/cli';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { testDatabase } from '@gridhub/kit/testing';

export interface GraphqlResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestHub {
  hub: RunningHub;
  /** The hub's database and data folder (what the CLI's configuration would point at). */
  database: DatabaseConfig;
  dataDir: string;
  /** Token of a SUBDISTRICT_ADMIN (sees everything). */
  adminToken: string;
  token(identity: Identity): Promise<string>;
  /** POSTs an operation to the gateway (as admin unless another token is given). */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphqlResponse<T>>;
  /** Statements issued by each subgraph while `fn` runs (requests must be sequential for the figure to be exact). */
  countSql(fn: () => Promise<unknown>): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** The real hub (every subgraph and the gateway on ephemeral ports) over a throwaway database, seeded. */
export async function startTestHub(
  dialect: Dialect,
  options: { seed?: SeedSettings | false; registryPollIntervalMs?: number; supergraphFile?: string; plugins?: AnySubgraph[]; subgraphs?: AnySubgraph[] } = {},
): Promise<TestHub> {
  const db = testDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-hub-'));
  const jwtSecret = 'test-secret-that-is-long-enough-for-hs256';
  const hub = await startHub({
    database: db.config,
    dataDir,
    jwtSecret,
    identityKeys: await createIdentityKeys(),
    seed: options.seed ?? { scale: 1, seed: 1, accessRecordsPerDevice: 20 },
    registryPollIntervalMs: options.registryPollIntervalMs,
    supergraphFile: options.supergraphFile,
    plugins: options.plugins,
    subgraphs: options.subgraphs,
  });
  const token = (identity: Identity) => issueClientToken(jwtSecret, identity);
  const adminToken = await token({ subject: 'admin', role: Role.SUBDISTRICT_ADMIN, name: '街道管理员' });
  return {
    hub,
    database: db.config,
    dataDir,
    adminToken,
    token,
    async query(query, variables, as = adminToken) {
      const res = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return res.json() as never;
    },
    async countSql(fn) {
      const before = Object.fromEntries(Object.entries(hub.subgraphs).map(([n, s]) => [n, s.sql.total]));
      await fn();
      return Object.fromEntries(Object.entries(hub.subgraphs).map(([n, s]) => [n, s.sql.total - before[n]!]));
    },
    async stop() {
      await hub.stop();
      await db.cleanup([...Object.keys(hub.subgraphs), REGISTRY_DATABASE]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
