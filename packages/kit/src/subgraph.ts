import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { DataSource, MixedList } from 'typeorm';
import { openDatabase, type DatabaseConfig } from './db/datasource';
import type { LoaderDef } from './data/scoped-data';
import { ScopedData } from './data/scoped-data';
import { found } from './scope/guard';
import { AuditEntryEntity } from './privacy/audit.entity';
import { auditLogResolver, AuditLogResolver } from './privacy/audit.resolver';
import { auditMigrations } from './privacy/audit.migration';
import { SqlCounter } from './db/sql-counter';
import type { GridhubContext } from './context';
import { formatError } from './errors';
import { sendJson, serveHttp, type Route, type RunningHttp } from './http';
import { createLogger, type Logger } from './log';
import { IDENTITY_HEADER, identityVerifier, type IdentityVerification } from './identity';
import { auditPlugin } from './privacy/audit';
import { bindMetrics, outboxReader, ServiceMetrics } from './observability/metrics';
import { requestLogPlugin } from './observability/request-log';

export type { GridhubContext } from './context';

type Migrations = MixedList<Function | string>;

/** A subgraph as its module folders assemble it; the kit does the rest. */
export interface SubgraphDefinition<S = unknown> {
  /** Short name: routing name in the supergraph, SQLite file name, MySQL database suffix. */
  name: string;
  resolvers: NonEmptyArray<Function>;
  entities: Function[];
  migrations: { sqlite: Migrations; mysql: Migrations };
  /** Entities this subgraph owns, by GraphQL type name: resolved by reference through a batched loader. */
  // oxlint-disable-next-line no-explicit-any -- keys are numeric or string ids, per entity
  references?: Record<string, LoaderDef<any, unknown> | ReferenceResolver>;
  /** Types not reachable from a resolver that must still be in the schema. */
  orphanedTypes?: Function[];
  /** Extra HTTP routes (e.g. bulk ingestion), given the running subgraph. */
  routes?: (subgraph: RunningSubgraph) => Route[];
  /**
   * Background work (an outbox dispatcher, a job) started once the subgraph serves; returns its stopper, which
   * `stop()` awaits before the server and the database close.
   */
  start?: (subgraph: RunningSubgraph) => () => Promise<void>;
  /**
   * Per-instance options and clients (another subgraph's URL, a delivery function), given to every resolver as
   * `ctx.services`: resolver classes are instantiated by type-graphql and cannot take constructor arguments.
   */
  services?: S;
}

/** Resolves a reference to an entity itself (e.g. to apply the caller's row filter), instead of through a loader. */
export type ReferenceResolver = (id: number | string, ctx: GridhubContext) => unknown;

export const defineSubgraph = <S = unknown>(definition: SubgraphDefinition<S>): SubgraphDefinition<S> => definition;

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])';

const auditQueries = new Map<string, Function>();

/**
 * Every subgraph serves its own audit log (reads it audited: door trails in the complex tier, labels in the
 * community…): `<name>AuditLog`, unless it mounts the kit's `auditModule` itself (the community's `auditLog`).
 */
function withAuditLogQuery(definition: SubgraphDefinition): NonEmptyArray<Function> {
  if (definition.resolvers.includes(AuditLogResolver)) return definition.resolvers;
  const name = `${definition.name.replace(/[^A-Za-z0-9]/g, '')}AuditLog`;
  if (!auditQueries.has(name)) auditQueries.set(name, auditLogResolver(name));
  return [...definition.resolvers, auditQueries.get(name)!];
}

/** The federation subgraph schema and its SDL (what the registry composes and `_service { sdl }` returns). */
export async function buildFederatedSchema(definition: SubgraphDefinition): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const base = await buildSchema({
    resolvers: withAuditLogQuery(definition),
    orphanedTypes: definition.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(base)}`;
  const resolvers = createResolversMap(base) as Record<string, Record<string, unknown>>;
  for (const [typeName, loader] of Object.entries(definition.references ?? {})) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      // Numeric ids travel as strings in representations; load them as the numbers the loaders are keyed by.
      // Through the same scoped loaders as every read: a reference outside the caller's scope (or missing) is NOT_FOUND.
      __resolveReference: async (ref: { id: string }, ctx: GridhubContext) => {
        const id = /^\d+$/.test(ref.id) ? Number(ref.id) : ref.id;
        return found(await (typeof loader === 'function' ? loader(id, ctx) : ctx.loaders.get(loader).load(id)), typeName, ref.id);
      },
    };
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  return { schema, sdl };
}

export interface SubgraphOptions {
  port?: number;
  host?: string;
  database: DatabaseConfig;
  /** The gateway's public keys (inline or JWKS URL) that identity tokens are verified with. */
  identity: IdentityVerification;
  log?: Logger;
  /** Hide messages of unexpected errors (production); expected ones with a code are always shown. */
  production?: boolean;
  maxBodyBytes?: number;
}

export interface RunningSubgraph {
  name: string;
  /** The GraphQL endpoint. */
  url: string;
  port: number;
  db: DataSource;
  sdl: string;
  /** Statements issued, in total and per request: tests and benchmarks assert on it. */
  sql: SqlCounter;
  log: Logger;
  /** Its Prometheus series, served at `/metrics`. */
  metrics: ServiceMetrics;
  stop(graceMs?: number): Promise<void>;
}

/** The subgraph's entities with the kit's audit table (once). */
export const withAuditLog = (entities: Function[]): Function[] => (entities.includes(AuditEntryEntity) ? entities : [...entities, AuditEntryEntity]);

/** The subgraph's migrations with the kit's audit-table migration (once, by name). */
export function withAuditMigrations(migrations: { sqlite: Migrations; mysql: Migrations }): { sqlite: Migrations; mysql: Migrations } {
  const add = (list: Migrations, audit: Function) => {
    const items = Array.isArray(list) ? list : Object.values(list);
    return items.some((m) => typeof m === 'function' && m.name === audit.name) ? items : [...items, audit];
  };
  return { sqlite: add(migrations.sqlite, auditMigrations.sqlite), mysql: add(migrations.mysql, auditMigrations.mysql) };
}

/** Opens the subgraph's database (migrated), builds its schema and serves it over HTTP. */
export async function startSubgraph(definition: SubgraphDefinition, options: SubgraphOptions): Promise<RunningSubgraph> {
  const log = options.log ?? createLogger(definition.name);
  const sql = new SqlCounter();
  const db = await openDatabase({
    ...options.database,
    name: definition.name,
    // Every subgraph keeps its own append-only audit log (reads of audited classes, reveals).
    entities: withAuditLog(definition.entities),
    migrations: withAuditMigrations(definition.migrations),
    counter: sql,
    log,
  });
  const metrics = new ServiceMetrics(definition.name);
  bindMetrics(db, metrics);
  metrics.trackDatabase(db);
  const outbox = outboxReader(db);
  if (outbox) metrics.trackOutbox(definition.name, outbox);
  const { schema, sdl } = await buildFederatedSchema(definition);
  const apollo = new ApolloServer<GridhubContext>({
    schema,
    // auditPlugin: reads noted with `auditRead` are written as one row per request before the response leaves.
    // Cache hints are unused and the gateway does not ask for inline traces: both plugins would cost a hook per field.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), auditPlugin(), metrics.apolloPlugin(), requestLogPlugin()],
    formatError: formatError(options.production ?? false),
    includeStacktraceInErrorResponses: false,
    // The process owner (gridhub start / serve) drains and stops every server in order on SIGINT/SIGTERM.
    stopOnTerminationSignals: false,
    logger: log,
  });
  await apollo.start();

  const running = {} as RunningSubgraph;
  let http: RunningHttp | undefined;
  const routes: Route[] = [
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_req, res) => {
        if (http?.draining) return sendJson(res, 503, { status: 'stopping' });
        try {
          await db.query('SELECT 1');
          const pending = await db.showMigrations();
          sendJson(res, pending ? 503 : 200, { status: pending ? 'migrations pending' : 'ready' });
        } catch (err) {
          sendJson(res, 503, { status: 'database unreachable', error: String((err as Error).message) });
        }
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: async (_req, res) => {
        const text = await metrics.text();
        res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
    },
  ];
  const verify = identityVerifier(options.identity, definition.name);
  const context = async (req: IncomingMessage, requestId: string): Promise<GridhubContext> => {
    const header = req.headers[IDENTITY_HEADER];
    const identity = await verify(typeof header === 'string' ? header : undefined);
    sql.enter();
    const data = new ScopedData(db, identity);
    return { data, loaders: data.loaders, requestId, log, identity, services: definition.services };
  };
  const extra = definition.routes ? () => definition.routes!(running) : () => [];
  const served = await serveHttp(apollo, context, routes, { port: options.port, host: options.host, log, maxBodyBytes: options.maxBodyBytes, service: definition.name });
  http = served;
  routes.push(...extra());
  let stopBackground: (() => Promise<void>) | undefined;

  Object.assign(running, {
    name: definition.name,
    url: served.url,
    port: served.port,
    db,
    sdl,
    sql,
    log,
    metrics,
    async stop(graceMs?: number) {
      await stopBackground?.();
      await served.close(graceMs);
      await apollo.stop();
      if (db.isInitialized) await db.destroy();
    },
  } satisfies RunningSubgraph);
  stopBackground = definition.start?.(running);
  log.info({ url: served.url, database: db.options.type }, `subgraph ${definition.name} listening`);
  return running;
}
