import { createIdentityKeys, identityHeaders, Role, type Identity, type IdentityKeys } from '../identity';
import type { DatabaseConfig, Dialect } from '../db/datasource';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition, type SubgraphRuntime } from '../subgraph';
import { testDatabase } from './databases';

/** Who a test asks as unless it says otherwise: sees everything. */
export const TEST_ADMIN: Identity = { subject: 'admin-1', role: Role.SUBDISTRICT_ADMIN, name: '街道管理员' };

export interface GraphqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestSubgraphOptions {
  /** Where its database goes: a throwaway one of this dialect (default SQLite), dropped by `stop()`. */
  dialect?: Dialect;
  /** Or a database the test manages itself (not dropped by `stop()`). */
  database?: DatabaseConfig;
  /** Other subgraphs (or stand-ins) it calls, and the headers of those calls (default: none). */
  urls?: SubgraphRuntime['urls'];
  callHeaders?: SubgraphRuntime['callHeaders'];
}

export interface TestSubgraph<S = unknown> {
  subgraph: RunningSubgraph<S>;
  /** The stand-in gateway's keys: identity tokens signed with them are what the subgraph accepts. */
  keys: IdentityKeys;
  /** Headers carrying `identity` as the gateway would sign it for this subgraph. */
  headers(identity?: Identity): Promise<Record<string, string>>;
  /** POSTs an operation to the subgraph as `identity` (default TEST_ADMIN). */
  query<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphqlResult<T>>;
  /** Stops the subgraph, then drops its throwaway database. */
  stop(): Promise<void>;
}

/**
 * Starts one subgraph definition on a throwaway database, verifying identities with fresh test keys. Tests swap a
 * definition's wiring for stand-ins by spreading it: `{ ...subdistrict, services: () => ({ grids }) }`.
 */
export async function startTestSubgraph<S>(definition: SubgraphDefinition<S>, options: TestSubgraphOptions = {}): Promise<TestSubgraph<S>> {
  const keys = await createIdentityKeys();
  const owned = options.database ? undefined : testDatabase(options.dialect ?? 'sqlite');
  const subgraph = await startSubgraph(definition, {
    database: options.database ?? owned!.config,
    identity: { publicKeys: keys.publicJwks },
    urls: options.urls,
    callHeaders: options.callHeaders,
  });
  const headers = (who: Identity = TEST_ADMIN) => identityHeaders(keys, who, definition.name);
  return {
    subgraph,
    keys,
    headers,
    async query(document, variables, who) {
      const res = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headers(who)) },
        body: JSON.stringify({ query: document, variables }),
      });
      return res.json() as never;
    },
    async stop() {
      await subgraph.stop();
      await owned?.cleanup([definition.name]);
    },
  };
}
