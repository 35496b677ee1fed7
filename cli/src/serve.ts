import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  clientTokenVerifier, createLogger, installTracing, loadOrCreateIdentityKeys, openDatabase, serviceKeyFile, serviceTokenMinter, SERVICE_KEY_PREFIX, startSubgraph,
  type DatabaseConfig, type DatabaseOptions, type IdentityVerification, type Logger,
} from '@gridhub/kit';
import { databaseSchemaOf } from '@gridhub/kit';
import { loadManifest, openRedisRateLimitStore, sha256Hex, startGateway } from '@gridhub/gateway';
import { openRegistry, REGISTRY_DATABASE, registryEntities, registryMigrations } from '@gridhub/registry';
import { ConfigError, databaseUrlFromEnv, loadServiceConfig, type ServiceConfig } from './config';
import { subgraphs } from './subgraphs';
import { runWorkers } from './workers';

export const SERVICES = (): string[] => ['gateway', ...subgraphs.map((d) => d.name)];

interface Stoppable {
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs one service as this process until SIGTERM/SIGINT: drain, close the database pool, exit 0. The gateway may
 * run in `workers` processes sharing its port (`--workers N`, node:cluster).
 */
export async function runServe(service: string, options: { workers?: number } = {}): Promise<void> {
  const names = subgraphs.map((d) => d.name);
  const definition = subgraphs.find((d) => d.name === service);
  if (service !== 'gateway' && !definition) throw new ConfigError(`unknown service ${service} (known: ${SERVICES().join(', ')})`);
  const workers = options.workers ?? 1;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new ConfigError(`--workers must be a whole number of at least 1 (got ${workers})`);
  if (workers > 1 && service !== 'gateway') throw new ConfigError('--workers is for the gateway only: a subgraph scales by running more instances');
  const config = loadServiceConfig(service, names, definition?.calls?.audiences ?? []);
  if (workers > 1) return runWorkers(workers, createLogger(service), () => serveOne(service, config));
  return serveOne(service, config);
}

async function serveOne(service: string, config: ServiceConfig): Promise<void> {
  const tracing = installTracing({ serviceName: `gridhub-${service}` });
  const log = createLogger(service);
  const running = service === 'gateway' ? await serveGateway(config, log) : await serveSubgraph(config, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, `${signal}: draining requests in flight, then stopping`);
    try {
      await running.stop(config.shutdownGraceMs);
      await tracing.shutdown().catch(() => undefined);
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'stop failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

type Schema = Pick<DatabaseOptions, 'name' | 'entities' | 'migrations'>;

const databaseOf = (config: ServiceConfig, url = config.databaseUrl): DatabaseConfig => ({ url, dataDir: config.dataDir });

/** Refuses to serve a database with pending migrations unless GRIDHUB_MIGRATE_ON_START is set (then applies them). */
async function prepareDatabase(config: ServiceConfig, schema: Schema, url = config.databaseUrl, log?: Logger) {
  const db = await openDatabase({ ...databaseOf(config, url), ...schema }, { migrate: false });
  try {
    if (!(await db.showMigrations())) return;
    if (!config.migrateOnStart) {
      throw new ConfigError(`the ${schema.name} database has pending migrations: run \`gridhub migrate --subgraph ${schema.name}\` first (or set GRIDHUB_MIGRATE_ON_START=true)`);
    }
    const applied = await db.runMigrations({ transaction: 'each' });
    log?.info({ migrations: applied.map((m) => m.name) }, `${schema.name}: migrations applied at start`);
  } finally {
    await db.destroy();
  }
}

async function serveSubgraph(config: ServiceConfig, log: Logger): Promise<Stoppable> {
  const definition = subgraphs.find((d) => d.name === config.service)!;
  // Calls to other subgraphs go through the gateway as this service's SERVICE identity. With a service key (`gridhub
  // keys`) it mints its own short-lived tokens and re-mints them before they expire; the key signs no other identity.
  // A plain token (issued by an external identity provider) is sent as it is.
  const serviceToken = config.serviceToken ?? '';
  const mint = serviceToken.startsWith(SERVICE_KEY_PREFIX) ? serviceTokenMinter(serviceToken) : async () => serviceToken;
  const identity: IdentityVerification = config.identityJwksUrl
    ? { jwksUrl: config.identityJwksUrl }
    : { publicKeys: JSON.parse(readFileSync(config.identityJwksFile!, 'utf8')) };
  await prepareDatabase(config, definition, config.databaseUrl, log);
  const subgraph = await startSubgraph(definition, {
    port: config.port,
    host: config.host,
    database: databaseOf(config),
    identity,
    urls: config.urls,
    callHeaders: () => async () => ({ authorization: `Bearer ${await mint()}` }),
    jobs: true,
    production: config.production,
    log,
  });
  // Announce this subgraph to the registry, so the gateways compose it (an unchanged SDL and URL writes nothing).
  try {
    const registry = await openRegistry({ database: databaseOf(config, config.registryDatabaseUrl), reviewed: subgraphs.map((d) => d.name), log });
    try {
      const result = await registry.publish({ name: definition.name, url: config.publicUrl ?? subgraph.url, sdl: subgraph.sdl, owner: 'gridhub', tier: definition.name }, `service:${definition.name}`);
      if (result.ok) log.info({ version: result.version.version, unchanged: result.unchanged ?? false }, 'published to the registry');
      else log.error({ errors: result.errors }, 'the registry refused this subgraph: the gateways keep serving the current version');
    } finally {
      await registry.close();
    }
  } catch (err) {
    log.error({ err }, 'could not publish to the registry');
  }
  return subgraph;
}

/** The documents the hub's own services send through the gateway on their service tokens (each definition's `calls`). */
export const SERVICE_DOCUMENTS: readonly string[] = [...new Set(subgraphs.flatMap((d) => d.calls?.documents ?? []))];

/** The manifest file's registered operations, and the services' own documents (so a closed gateway still serves them). */
export function trustedManifest(file: string): Record<string, string> {
  return { ...Object.fromEntries(loadManifest(file)), ...Object.fromEntries(SERVICE_DOCUMENTS.map((text) => [sha256Hex(text), text])) };
}

async function serveGateway(config: ServiceConfig, log: Logger): Promise<Stoppable> {
  const identityKeys = await loadOrCreateIdentityKeys(config.identityKeyFile ?? join(config.dataDir, 'keys', 'gateway-identity.jwk'));
  await prepareDatabase(config, { name: REGISTRY_DATABASE, entities: registryEntities, migrations: registryMigrations }, config.registryDatabaseUrl, log);
  const registry = await openRegistry({ database: databaseOf(config, config.registryDatabaseUrl), identityKeys, reviewed: subgraphs.map((d) => d.name), log });
  const verify = clientTokenVerifier(config.jwtSecret ? { secret: config.jwtSecret } : { jwksUrl: config.jwtJwksUrl! }, {
    audience: config.clientTokenAudience,
    maxLifetime: config.clientTokenMaxLifetime,
  });
  // Budgets shared by every replica; a take that fails while Redis is away lets the request through (logged).
  const redis = config.redisUrl ? openRedisRateLimitStore(config.redisUrl, (err) => log.warn({ err }, 'redis')) : undefined;
  try {
    const gateway = await startGateway({
      rateLimit: redis || config.rateLimit ? { store: redis, limit: config.rateLimit } : undefined,
      identityKeys,
      authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
      supergraph: { kind: 'registry', registry },
      registry,
      port: config.port,
      host: config.host,
      production: config.production,
      cors: { origins: config.corsOrigins },
      trustedDocuments: config.trustedDocumentsFile ? { manifest: trustedManifest(config.trustedDocumentsFile) } : undefined,
      log,
    });
    return {
      async stop(graceMs) {
        await gateway.stop(graceMs);
        await registry.close();
        redis?.close();
      },
    };
  } catch (err) {
    await registry.close();
    redis?.close();
    throw err;
  }
}

/** `gridhub migrate`: applies pending migrations (or reverts the last one) of every hub database, or of one. */
export async function runMigrate(opts: { subgraph?: string; revert?: boolean }, out: (line: string) => void = console.log): Promise<void> {
  const env = process.env;
  const base: DatabaseConfig = { url: databaseUrlFromEnv(env), dataDir: resolve(env.GRIDHUB_DATA_DIR || '.data') };
  const schemas = [
    ...subgraphs.map((definition) => ({ ...databaseSchemaOf(definition), url: base.url })),
    { name: REGISTRY_DATABASE, entities: registryEntities, migrations: registryMigrations, url: databaseUrlFromEnv({ ...env, GRIDHUB_DATABASE_URL: env.GRIDHUB_REGISTRY_DATABASE_URL || env.GRIDHUB_DATABASE_URL }) },
  ];
  const selected = opts.subgraph ? schemas.filter((s) => s.name === opts.subgraph) : schemas;
  if (!selected.length) throw new ConfigError(`unknown subgraph ${opts.subgraph} (known: ${schemas.map((s) => s.name).join(', ')})`);
  if (opts.revert && !opts.subgraph) throw new ConfigError('--revert undoes the last migration of one database: name it with --subgraph');
  for (const schema of selected) {
    const db = await openDatabase({ ...base, ...schema }, { migrate: false });
    try {
      if (opts.revert) {
        const before = await db.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`).catch(() => []) as { name: string }[];
        if (!before.length) out(`${schema.name}: no migration to revert`);
        else {
          await db.undoLastMigration({ transaction: 'each' });
          out(`${schema.name}: reverted ${before[0]!.name}`);
        }
      } else {
        const applied = await db.runMigrations({ transaction: 'each' });
        out(applied.length ? `${schema.name}: applied ${applied.map((m) => m.name).join(', ')}` : `${schema.name}: up to date`);
      }
    } finally {
      await db.destroy();
    }
  }
}

/**
 * `gridhub keys --dir DIR`: the secret files a production deployment mounts (docker/compose.yaml), created where
 * missing: the gateway's signing key, the client-token secret, a database password, and one service key per
 * subgraph that calls others (`service-token-<name>`: its SERVICE identity's key, derived from the client-token
 * secret, with which the service mints its own short-lived tokens; it signs that identity only). With an external
 * identity provider, put a token the provider issued in that file instead. Existing files are kept.
 */
export async function runKeys(opts: { dir: string }, out: (line: string) => void = console.log): Promise<void> {
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  await loadOrCreateIdentityKeys(join(dir, 'gateway-identity.jwk'));
  for (const name of ['jwt-secret', 'mysql-root-password']) {
    const file = join(dir, name);
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const secret = readFileSync(join(dir, 'jwt-secret'), 'utf8').trim();
  const tokens: string[] = [];
  for (const { name, calls } of subgraphs) {
    if (!calls) continue;
    const file = join(dir, `service-token-${name}`);
    // A year-long token an earlier `gridhub keys` wrote (signed with this secret) is replaced by the service's key.
    const earlier = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
    const ours = earlier !== undefined && !earlier.startsWith(SERVICE_KEY_PREFIX)
      && (await clientTokenVerifier({ secret }, { maxLifetime: '3650d' })(`Bearer ${earlier}`).then(() => true, () => false));
    if (earlier === undefined || ours) writeFileSync(file, serviceKeyFile(secret, calls.identity), { mode: 0o600 });
    tokens.push(`service-token-${name}`);
  }
  out(`secrets in ${dir}: gateway-identity.jwk, jwt-secret, mysql-root-password, ${tokens.join(', ')}`);
}
