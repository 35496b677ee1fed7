import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { DataSource, MixedList } from 'typeorm';
import type { ReferenceTable } from './db/reference-data';
import { openDatabase, type DatabaseConfig } from './db/datasource';
import type { LoaderDef } from './data/scoped-data';
import { ScopedData } from './data/scoped-data';
import { found } from './scope/guard';
import { guardIds, parseId } from './graphql/ids';
import { AuditEntryEntity } from './privacy/audit.entity';
import { auditLogResolver, AuditLogResolver } from './privacy/audit.resolver';
import { auditMigrations } from './privacy/audit.migration';
import { PRIVACY_DIRECTIVES } from './privacy/sensitive';
import { SqlCounter } from './db/sql-counter';
import type { GridhubContext } from './context';
import { formatError, GridhubError } from './errors';
import { sendJson, serveHttp, type Route, type RunningHttp, type VerifiedRoute } from './http';
import { createLogger, type Logger } from './log';
import { IDENTITY_HEADER, identityVerifier, type Identity, type IdentityVerification } from './identity';
import { runJobs, type SubgraphJob } from './jobs';
import { auditPlugin } from './privacy/audit';
import { bindMetrics, outboxReader, ServiceMetrics } from './observability/metrics';
import { requestLogPlugin } from './observability/request-log';
import { OutboxEntity } from './outbox/outbox.entity';
import { outboxDeadLetterResolver } from './outbox/dead-letter.resolver';
import { reserveKeyNamespace } from './outbox/idempotency';
import { registerServiceGrants, type ServiceGrants } from './scope/services';
import { startOutboxDispatcher, type OutboxDispatcherOptions, type OutboxMessage, type OutboxSend } from './outbox/outbox';

export type { GridhubContext } from './context';

type Migrations = MixedList<Function | string>;

/** A subgraph as its module folders assemble it; the kit does the rest. */
export interface SubgraphDefinition<S = unknown> {
  /** Short name: routing name in the supergraph, SQLite file name, MySQL database suffix. */
  name: string;
  resolvers: NonEmptyArray<Function>;
  entities: Function[];
  migrations: { sqlite: Migrations; mysql: Migrations };
  /**
   * Reference rows as they should be now (categories, policies). Migrations carry their own copies;
   * `gridhub migration generate` writes a change of these rows into a new migration.
   */
  referenceData?: ReferenceTable[];
  /** Entities this subgraph owns, by GraphQL type name: resolved by reference through a batched loader. */
  // oxlint-disable-next-line no-explicit-any -- keys are numeric or string ids, per entity
  references?: Record<string, LoaderDef<any, unknown> | ReferenceResolver>;
  /** Types not reachable from a resolver that must still be in the schema. */
  orphanedTypes?: Function[];
  // Methods, not function-valued properties: a definition with its own services type is still a SubgraphDefinition.
  /** Extra HTTP routes (e.g. bulk ingestion), given the running subgraph; a `VerifiedRoute` gets the verified caller. */
  routes?(subgraph: RunningSubgraph<S>): (Route | VerifiedRoute)[];
  /**
   * Background work (an outbox dispatcher) started once the subgraph serves; returns its stopper (or nothing when
   * there is no work for this instance), which `stop()` awaits before the server and the database close.
   */
  start?(subgraph: RunningSubgraph<S>): (() => Promise<void>) | undefined;
  /**
   * Messages it sends to other subgraphs through the kit's outbox (its entities include `OutboxEntity`): every
   * instance that can send runs one dispatcher while it serves (claim, deliver, backoff, dead letters), so a message
   * that failed while its receiver was down goes out once the receiver is back. Resolvers reach it with
   * `dispatcherOf(ctx.data.connection)` (`kick()`, `deliverNow(refs)`).
   */
  outbox?: SubgraphOutbox<S>;
  /**
   * Per-instance wiring, from what the hub hands this instance (other subgraphs' URLs, call headers, identity
   * verification): the options and clients every resolver gets as `ctx.services` (resolver classes are
   * instantiated by type-graphql and cannot take constructor arguments). Tests swap it for stand-ins.
   */
  services?(runtime: SubgraphRuntime): S;

  // What the hub needs to run it (cli/src/subgraphs.ts lists the definitions; nothing else names a subgraph).
  /** Default port (`gridhub start`, `gridhub serve`); none = any free port. */
  port?: number;
  /** Its service identity and the subgraphs it calls: their URLs are required configuration, its token is issued. */
  calls?: SubgraphCalls;
  /**
   * A partner plug-in: run on request (`--with`) and published to the registry at run time, never part of the
   * static bootstrap.
   */
  plugin?: boolean;
  /**
   * Fills its database from the shared seed plan (`@gridhub/seed`'s CommunityPlan, passed as data); idempotent.
   * A method, so a seeder may declare the plan's concrete type.
   */
  seed?(db: DataSource, plan: unknown, settings: SeedSettings, progress?: SeedProgress): Promise<unknown>;
  /** Periodic work the hub runs while the subgraph serves. */
  jobs?: SubgraphJob<RunningSubgraph<S>>[];
  /** One-off operator commands (`gridhub <name>`), run against its database and the running hub's gateway. */
  commands?: SubgraphCommand[];
}

/** An operator command a subgraph contributes to `gridhub`, e.g. `gridhub purge-access-records`. */
export interface SubgraphCommand {
  name: string;
  description: string;
  /** Numeric options (`--hours <n>`), each with its default. */
  options?: { name: string; description: string; default: number }[];
  /** Does not call the gateway: it runs without a running hub. */
  offline?: boolean;
  run(options: Record<string, number>, context: SubgraphCommandContext): Promise<string>;
}

export interface SubgraphCommandContext {
  /** The subgraph's database, migrated. */
  db: DataSource;
  /** The running hub's gateway and headers carrying a short-lived token for the command (`job:<name>`). */
  gateway: { url: string; headers: Record<string, string> };
  /**
   * Headers carrying a short-lived token of the subgraph's own service identity (`calls.identity`), when it has one:
   * what the command sends on the service's behalf (grid events keyed in its reserved namespace) goes with these.
   */
  service?: { headers: Record<string, string> };
}

/** What the hub hands one running instance: where the others are, how to call them, how to check callers. */
export interface SubgraphRuntime {
  /** GraphQL URLs of the other subgraphs, by name. */
  urls: Record<string, string>;
  /**
   * Headers of its calls to `audience`: an identity the host vouches for (its service identity), never a key it
   * could sign another identity with.
   */
  callHeaders(audience: string): CallHeaders;
  /** How it verifies incoming identity tokens: the gateway's public keys. */
  identity: IdentityVerification;
}

export type CallHeaders = () => Promise<Record<string, string>> | Record<string, string>;

export interface SubgraphOutbox<S> {
  /** How this instance sends one message, from its services; undefined: messages wait for an instance that can. */
  // oxlint-disable-next-line no-explicit-any -- each subgraph's own message type
  send(services: S): OutboxSend<any> | undefined;
  /** Runs in the transaction that marks a message delivered, as the outbox job (it acts for no caller). */
  // oxlint-disable-next-line no-explicit-any -- each subgraph's own message type
  onDelivered?(job: ScopedData, message: OutboxMessage<any>, result: { id: string }): Promise<void>;
  /** Dispatcher timing from the instance's services (defaults: a run every second, backoff up to a minute). */
  timing?(services: S): Pick<OutboxDispatcherOptions<unknown>, 'intervalMs' | 'maxBackoffMs' | 'maxAttempts'>;
}

export interface SubgraphCalls {
  /** Who it is when it calls another subgraph: a SERVICE identity (`service:<name>`), never an administrator. */
  identity: Identity;
  /** What that identity may do: only the calls below need (a SERVICE identity reaches nothing else). */
  grants: ServiceGrants;
  /** The subgraphs it calls. */
  audiences: string[];
  /** The GraphQL documents it sends: a gateway that runs registered documents only must know them. */
  documents: string[];
}

export interface SeedSettings {
  /** Multiplies the reference counts. */
  scale: number;
  /** PRNG seed. */
  seed: number;
  /** Door records per access device for the one seeded day (complex tier; default 200, tests use fewer). */
  accessRecordsPerDevice?: number;
}

/** Called after every chunk a seeder writes: rows written so far, rows to write in all, and the table. */
export type SeedProgress = (done: number, total: number, label: string) => void;

/** Resolves a reference to an entity itself (e.g. to apply the caller's row filter), instead of through a loader. */
export type ReferenceResolver = (id: number | string, ctx: GridhubContext) => unknown;

/**
 * A subgraph's definition. One that calls others has a service identity: the idempotency keys of its namespace
 * (`<name>:…`, e.g. `complex:face-alarm:7`) are reserved to that identity wherever keys are checked.
 */
export function defineSubgraph<S = unknown>(definition: SubgraphDefinition<S>): SubgraphDefinition<S> {
  if (definition.calls) {
    reserveKeyNamespace(definition.name, definition.calls.identity.subject);
    registerServiceGrants(definition.calls.identity.subject, definition.calls.grants);
  }
  return definition;
}

/** A runtime with no other subgraph (schema printing, a subgraph alone in a test): calls carry no identity. */
export const standaloneRuntime = (identity: IdentityVerification): SubgraphRuntime => ({ urls: {}, callHeaders: () => () => ({}), identity });

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

const deadLetterResolvers = new Map<string, Function>();

/** Every subgraph with the kit's outbox serves its dead letters and their retry (`<name>OutboxDeadLetters`). */
function withOutboxAdmin(definition: SubgraphDefinition, resolvers: NonEmptyArray<Function>): NonEmptyArray<Function> {
  if (!definition.entities.includes(OutboxEntity)) return resolvers;
  if (!deadLetterResolvers.has(definition.name)) deadLetterResolvers.set(definition.name, outboxDeadLetterResolver(definition.name));
  return [...resolvers, deadLetterResolvers.get(definition.name)!];
}

/** The federation subgraph schema and its SDL (what the registry composes and `_service { sdl }` returns). */
// oxlint-disable-next-line no-explicit-any -- any instance's services
export async function buildFederatedSchema(definition: SubgraphDefinition<any>): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const base = await buildSchema({
    resolvers: withOutboxAdmin(definition, withAuditLogQuery(definition)),
    orphanedTypes: definition.orphanedTypes,
    // How personal fields are declared in the SDL (the registry's privacy check reads them).
    directives: [...specifiedDirectives, ...PRIVACY_DIRECTIVES],
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(base)}`;
  const resolvers = createResolversMap(base) as Record<string, Record<string, unknown>>;
  for (const [typeName, loader] of Object.entries(definition.references ?? {})) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      // Ids travel as strings in representations (checked by `guardIds`); load them as the numbers the loaders are
      // keyed by. Through the same scoped loaders as every read: a reference outside the caller's scope (or missing) is NOT_FOUND.
      __resolveReference: async (ref: { id: string }, ctx: GridhubContext) => {
        const id = parseId(ref.id);
        return found(await (typeof loader === 'function' ? loader(id, ctx) : ctx.loaders.get(loader).load(id)), typeName, ref.id);
      },
    };
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  guardIds(schema);
  return { schema, sdl };
}

export interface SubgraphOptions {
  port?: number;
  host?: string;
  database: DatabaseConfig;
  /** The gateway's public keys (inline or JWKS URL) that identity tokens are verified with. */
  identity: IdentityVerification;
  /** Other subgraphs' URLs and this one's call headers (default: none, calls carry no identity). */
  urls?: SubgraphRuntime['urls'];
  callHeaders?: SubgraphRuntime['callHeaders'];
  /** Run the definition's jobs while serving (the hub does; tests start subgraphs without them). */
  jobs?: boolean;
  log?: Logger;
  /** Hide messages of unexpected errors (production); expected ones with a code are always shown. */
  production?: boolean;
  maxBodyBytes?: number;
}

export interface RunningSubgraph<S = unknown> {
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
  /** What the definition wired for this instance (`ctx.services` of its resolvers). */
  services: S;
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

/**
 * What a subgraph's database holds: its own entities and migrations plus the kit's audit table. Every caller that
 * opens, migrates or diffs a subgraph's database (start, serve, migrate, migration generate, commands) uses this.
 */
export const databaseSchemaOf = (definition: Pick<SubgraphDefinition, 'name' | 'entities' | 'migrations'>) => ({
  name: definition.name,
  entities: withAuditLog(definition.entities),
  migrations: withAuditMigrations(definition.migrations),
});

/** The instance's outbox dispatcher, when its definition sends messages and this instance can send; returns its stopper. */
function startOutbox<S>(definition: SubgraphDefinition<S>, running: RunningSubgraph<S>): (() => Promise<void>) | undefined {
  const outbox = definition.outbox;
  const send = outbox?.send(running.services);
  if (!outbox || !send) return undefined;
  const { db } = running;
  const job = ScopedData.system(db, 'outbox');
  const onDelivered = outbox.onDelivered;
  // Its timers poll in the background: their statements are not a request's (`sql.background`).
  const dispatcher = running.sql.inBackground(() => startOutboxDispatcher(db, send, {
    ...outbox.timing?.(running.services),
    name: definition.name,
    log: running.log.child({ component: 'outbox' }),
    // In the transaction that marks the message delivered, as the outbox job.
    onDelivered: onDelivered && ((m, message, result) => onDelivered(new ScopedData(db, job.identity, m), message, result)),
  }));
  return () => dispatcher.stop();
}

/** Opens the subgraph's database (migrated), builds its schema and serves it over HTTP. */
export async function startSubgraph<S>(definition: SubgraphDefinition<S>, options: SubgraphOptions): Promise<RunningSubgraph<S>> {
  const log = options.log ?? createLogger(definition.name);
  const sql = new SqlCounter();
  const db = await openDatabase({
    ...options.database,
    // Every subgraph keeps its own append-only audit log (reads of audited classes, reveals).
    ...databaseSchemaOf(definition),
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

  const runtime: SubgraphRuntime = { ...standaloneRuntime(options.identity), ...(options.urls && { urls: options.urls }), ...(options.callHeaders && { callHeaders: options.callHeaders }) };
  const services = definition.services?.(runtime) as S;
  // Routes are built as the server starts: they see the services already.
  const running = { services } as RunningSubgraph<S>;
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
    return { data, loaders: data.loaders, requestId, log, identity, services };
  };
  // Routes that take a caller get it verified here, exactly as GraphQL requests do: no route checks tokens itself.
  const withCaller = (route: VerifiedRoute): Route => ({
    method: route.method,
    path: route.path,
    async handle(req, res) {
      let identity: Identity;
      try {
        const header = req.headers[IDENTITY_HEADER];
        identity = await verify(typeof header === 'string' ? header : undefined);
      } catch (err) {
        const message = err instanceof GridhubError ? err.message : 'identity token refused';
        return sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      return route.handle(req, res, { identity, data: new ScopedData(db, identity) });
    },
  });
  const extra = () => (definition.routes?.(running) ?? []).map((r) => ('verified' in r ? withCaller(r) : r));
  const served = await serveHttp(apollo, context, routes, { port: options.port, host: options.host, log, maxBodyBytes: options.maxBodyBytes, service: definition.name });
  http = served;
  routes.push(...extra());
  let stopBackground: (() => Promise<void>) | undefined;
  let stopJobs: (() => Promise<void>) | undefined;
  let stopOutbox: (() => Promise<void>) | undefined;

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
      await stopJobs?.();
      await stopOutbox?.();
      await stopBackground?.();
      await served.close(graceMs);
      await apollo.stop();
      if (db.isInitialized) await db.destroy();
    },
    services,
  } satisfies RunningSubgraph<S>);
  stopOutbox = startOutbox(definition, running);
  stopBackground = definition.start?.(running);
  // Background like the outbox loop: a job's statements never land in a request's count.
  if (options.jobs && definition.jobs?.length) stopJobs = running.sql.inBackground(() => runJobs(definition.jobs!, running, log.child({ component: 'jobs' })));
  log.info({ url: served.url, database: db.options.type }, `subgraph ${definition.name} listening`);
  return running;
}
