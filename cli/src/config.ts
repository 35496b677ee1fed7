import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeOrigin } from '@gridhub/gateway';
import { parseLifetime } from '@gridhub/kit';

/** Every setting of the hub, from environment variables (documented in the README's configuration table). */
export interface HubConfig {
  /** GRIDHUB_DATA_DIR: SQLite files, generated keys and secrets (default `.data`). */
  dataDir: string;
  /** GRIDHUB_DATABASE_URL: `mysql://user:pass@host:port/prefix` for MySQL; unset for embedded SQLite. */
  databaseUrl?: string;
  /** GRIDHUB_HOST: interface to listen on (default 127.0.0.1). */
  host: string;
  /** GRIDHUB_PORT: gateway port (default 4000). */
  gatewayPort: number;
  /** GRIDHUB_SUBGRAPH_PORT_BASE: first subgraph port; subgraphs take consecutive ports (default 4001; 0 = ephemeral). */
  subgraphPortBase: number;
  /** GRIDHUB_JWT_SECRET: HS256 secret for client tokens (default: generated once into the data folder). */
  jwtSecret?: string;
  /** GRIDHUB_SEED_SCALE: scale of the seed written into an empty embedded database (default 1). */
  seedScale: number;
  /** GRIDHUB_SEED: PRNG seed of the generator (default 1). */
  seed: number;
  /** NODE_ENV=production: unexpected error messages hidden, introspection and explorer off. */
  production: boolean;
  /**
   * GRIDHUB_CORS_ORIGINS: comma-separated browser origins allowed to call the gateway (`none` for none). Default:
   * the usual local dev-server origins (`DEV_CORS_ORIGINS`) outside production, none in production.
   */
  corsOrigins: string[];
}

export class ConfigError extends Error {}

/** Local dev servers a front-end team runs next to `gridhub start`: Vite (dev 5173, preview 4173), and :3000. */
export const DEV_CORS_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://localhost:3000', 'http://127.0.0.1:3000'];

/** GRIDHUB_CORS_ORIGINS as a list of origins; a value that is not an origin is a problem reported with the others. */
function corsOrigins(env: NodeJS.ProcessEnv, fallback: string[], problems: string[]): string[] {
  const raw = env.GRIDHUB_CORS_ORIGINS?.trim();
  if (!raw) return fallback;
  if (raw === 'none') return [];
  const origins = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) if (!normalizeOrigin(origin)) problems.push(`GRIDHUB_CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], e.g. https://app.example.gov.cn)`);
  return origins;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min = 0, max = 65535): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const databaseUrl = env.GRIDHUB_DATABASE_URL || undefined;
  if (databaseUrl) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'mysql:') problems.push(`GRIDHUB_DATABASE_URL: only mysql:// URLs are supported (got ${url.protocol})`);
    } catch {
      problems.push('GRIDHUB_DATABASE_URL: not a URL (expected mysql://user:password@host:3306/gridhub)');
    }
  }
  const jwtSecret = env.GRIDHUB_JWT_SECRET || undefined;
  if (jwtSecret && jwtSecret.length < 32) problems.push('GRIDHUB_JWT_SECRET: must have at least 32 characters');
  const config: HubConfig = {
    dataDir: resolve(env.GRIDHUB_DATA_DIR || '.data'),
    databaseUrl,
    host: env.GRIDHUB_HOST || '127.0.0.1',
    gatewayPort: int('GRIDHUB_PORT', 4000),
    subgraphPortBase: int('GRIDHUB_SUBGRAPH_PORT_BASE', 4001),
    jwtSecret,
    seedScale: int('GRIDHUB_SEED_SCALE', 1, 1, 100),
    seed: int('GRIDHUB_SEED', 1, 0, 2 ** 31),
    production: env.NODE_ENV === 'production',
    corsOrigins: corsOrigins(env, env.NODE_ENV === 'production' ? [] : DEV_CORS_ORIGINS, problems),
  };
  if (problems.length) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}

/** What `gridhub serve <service>` reads from the environment (documented in the README's Production section). */
export interface ServiceConfig {
  service: string;
  /** GRIDHUB_HOST (default 127.0.0.1; containers set 0.0.0.0). */
  host: string;
  /** GRIDHUB_PORT (gateway, default 4000) or GRIDHUB_<SUBGRAPH>_PORT (default 4001 + the subgraph's position). */
  port: number;
  /** GRIDHUB_DATABASE_URL (+ GRIDHUB_DATABASE_PASSWORD_FILE): MySQL server, each subgraph its own database; unset: SQLite files in GRIDHUB_DATA_DIR. */
  databaseUrl?: string;
  /** GRIDHUB_REGISTRY_DATABASE_URL: where the registry's database lives (default GRIDHUB_DATABASE_URL). */
  registryDatabaseUrl?: string;
  dataDir: string;
  production: boolean;
  /** GRIDHUB_MIGRATE_ON_START=true: run pending migrations at start (default: refuse to start with pending ones). */
  migrateOnStart: boolean;
  /** GRIDHUB_SHUTDOWN_GRACE_MS: how long SIGTERM waits for requests in flight (default 10,000). */
  shutdownGraceMs: number;
  /** Subgraphs: GRIDHUB_IDENTITY_JWKS_URL (the gateway's /.well-known/jwks.json) or GRIDHUB_IDENTITY_JWKS_FILE. */
  identityJwksUrl?: string;
  identityJwksFile?: string;
  /** Gateway: GRIDHUB_IDENTITY_KEY_FILE, its private signing key (a mounted secret; created when missing outside production). */
  identityKeyFile?: string;
  /**
   * GRIDHUB_SERVICE_TOKEN_FILE: this subgraph's service key from `gridhub keys` (it mints its own short-lived SERVICE
   * tokens), or a token an external identity provider issued; its calls to other subgraphs go through the gateway with it.
   */
  serviceToken?: string;
  /** Gateway: GRIDHUB_JWT_SECRET or GRIDHUB_JWT_SECRET_FILE (HS256), or GRIDHUB_JWT_JWKS_URL (the identity provider's keys) for client tokens. */
  jwtSecret?: string;
  jwtJwksUrl?: string;
  /** Gateway: GRIDHUB_CLIENT_TOKEN_MAX_LIFETIME, the longest client token accepted (`exp − iat`: seconds, or 15m, 12h…; default 24h). */
  clientTokenMaxLifetime?: number;
  /** Gateway: GRIDHUB_CLIENT_TOKEN_AUDIENCE, the `aud` client tokens must carry (default `gridhub-gateway`). */
  clientTokenAudience?: string;
  /**
   * Gateway: GRIDHUB_REDIS_URL (`redis://host:6379`), where every gateway replica keeps the per-identity rate and cost
   * budgets, so they hold across replicas; it also turns the budgets on outside production. Default: in memory.
   */
  redisUrl?: string;
  /** Gateway: GRIDHUB_RATE_LIMIT, operations per identity per minute (default 600), in every replica's shared budget. */
  rateLimit?: number;
  /** Where this service's calls to each subgraph it needs go: GRIDHUB_GATEWAY_URL (the gateway routes them). */
  urls: Record<string, string>;
  /** Subgraphs: GRIDHUB_PUBLIC_URL, the URL the gateway reaches this subgraph at (published to the registry). */
  publicUrl?: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: traces are exported there when set. */
  otlpEndpoint?: string;
  /** Gateway: GRIDHUB_CORS_ORIGINS, comma-separated browser origins allowed to call it (default none). */
  corsOrigins: string[];
  /**
   * Gateway: GRIDHUB_TRUSTED_DOCUMENTS, a trusted-documents manifest file (e.g. packages/client's
   * persisted-documents.json), or `off`. Required when NODE_ENV=production: production runs registered documents
   * only unless told `off`.
   */
  trustedDocumentsFile?: string;
}

/**
 * GRIDHUB_DATABASE_URL, with the password taken from GRIDHUB_DATABASE_PASSWORD_FILE when set (a mounted secret, so
 * the password is in neither the image nor the environment).
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.GRIDHUB_DATABASE_URL || undefined;
  const file = env.GRIDHUB_DATABASE_PASSWORD_FILE;
  if (!raw || !file) return raw;
  const url = new URL(raw);
  url.password = encodeURIComponent(readSecretFile('GRIDHUB_DATABASE_PASSWORD_FILE', file));
  return url.toString();
}

function readSecretFile(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new ConfigError(`${name}=${file}: cannot be read (${(err as Error).message})`);
  }
}

const envName = (subgraph: string, suffix: string) => `GRIDHUB_${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${suffix}`;

/**
 * Validates the environment of one production service and reports every problem at once.
 * `subgraphs` lists the known subgraph names in port order; `needs` the subgraphs this service calls.
 */
export function loadServiceConfig(service: string, subgraphs: string[], needs: string[], env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const problems: string[] = [];
  const gateway = service === 'gateway';
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (!raw) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name}=${raw}: expected a ${protocols.join(' or ')} URL`);
    } catch {
      problems.push(`${name}=${raw}: not a URL`);
    }
    return raw;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name}=${raw}: expected an integer from ${min} to ${max}`);
    return Number.isInteger(n) ? n : fallback;
  };
  const bool = (name: string): boolean => {
    const raw = (env[name] ?? '').toLowerCase();
    if (raw && !['true', 'false', '1', '0', 'yes', 'no'].includes(raw)) problems.push(`${name}=${env[name]}: expected true or false`);
    return ['true', '1', 'yes'].includes(raw);
  };
  const lifetime = (name: string): number | undefined => {
    if (!env[name]) return undefined;
    try {
      return parseLifetime(env[name]);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const production = env.NODE_ENV === 'production';
  const index = subgraphs.indexOf(service);
  const port = gateway ? int('GRIDHUB_PORT', 4000, 0, 65535) : int(envName(service, 'PORT'), 4001 + Math.max(index, 0), 0, 65535);
  const databaseUrl = url('GRIDHUB_DATABASE_URL', ['mysql:']) && databaseUrlFromEnv(env);
  if (production && !databaseUrl) problems.push('GRIDHUB_DATABASE_URL: required when NODE_ENV=production (mysql://user:password@host:3306/gridhub)');
  const urls: Record<string, string> = {};
  const gatewayUrl = url('GRIDHUB_GATEWAY_URL', ['http:', 'https:']);
  if (needs.length && !gatewayUrl) problems.push(`GRIDHUB_GATEWAY_URL: required by ${service} (its calls to ${needs.join(', ')} go through the gateway, e.g. http://gateway:4000/graphql)`);
  for (const name of needs) if (gatewayUrl) urls[name] = gatewayUrl;
  const config: ServiceConfig = {
    service,
    host: env.GRIDHUB_HOST || '127.0.0.1',
    port,
    databaseUrl,
    registryDatabaseUrl: url('GRIDHUB_REGISTRY_DATABASE_URL', ['mysql:']) ?? databaseUrl,
    dataDir: resolve(env.GRIDHUB_DATA_DIR || '.data'),
    production,
    migrateOnStart: bool('GRIDHUB_MIGRATE_ON_START'),
    shutdownGraceMs: int('GRIDHUB_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    identityJwksUrl: url('GRIDHUB_IDENTITY_JWKS_URL', ['http:', 'https:']),
    identityJwksFile: env.GRIDHUB_IDENTITY_JWKS_FILE || undefined,
    identityKeyFile: env.GRIDHUB_IDENTITY_KEY_FILE || undefined,
    serviceToken: env.GRIDHUB_SERVICE_TOKEN_FILE ? readSecretFile('GRIDHUB_SERVICE_TOKEN_FILE', env.GRIDHUB_SERVICE_TOKEN_FILE) : undefined,
    jwtSecret: env.GRIDHUB_JWT_SECRET || (env.GRIDHUB_JWT_SECRET_FILE ? readSecretFile('GRIDHUB_JWT_SECRET_FILE', env.GRIDHUB_JWT_SECRET_FILE) : undefined),
    jwtJwksUrl: url('GRIDHUB_JWT_JWKS_URL', ['http:', 'https:']),
    clientTokenMaxLifetime: lifetime('GRIDHUB_CLIENT_TOKEN_MAX_LIFETIME'),
    clientTokenAudience: env.GRIDHUB_CLIENT_TOKEN_AUDIENCE || undefined,
    redisUrl: url('GRIDHUB_REDIS_URL', ['redis:', 'rediss:']),
    rateLimit: gateway && env.GRIDHUB_RATE_LIMIT ? int('GRIDHUB_RATE_LIMIT', 600, 1, 1_000_000) : undefined,
    urls,
    publicUrl: url('GRIDHUB_PUBLIC_URL', ['http:', 'https:']),
    otlpEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    corsOrigins: gateway ? corsOrigins(env, [], problems) : [],
    trustedDocumentsFile: gateway && env.GRIDHUB_TRUSTED_DOCUMENTS && env.GRIDHUB_TRUSTED_DOCUMENTS !== 'off' ? resolve(env.GRIDHUB_TRUSTED_DOCUMENTS) : undefined,
  };
  if (gateway) {
    if (!config.jwtSecret && !config.jwtJwksUrl) problems.push('GRIDHUB_JWT_SECRET or GRIDHUB_JWT_JWKS_URL: one is required (how client tokens are verified)');
    if (config.jwtSecret && config.jwtSecret.length < 32) problems.push('GRIDHUB_JWT_SECRET: must have at least 32 characters');
    if (production && !env.GRIDHUB_TRUSTED_DOCUMENTS) {
      problems.push('GRIDHUB_TRUSTED_DOCUMENTS: required when NODE_ENV=production (the manifest of registered operations, or `off` to run any document)');
    }
    if (production && !config.identityKeyFile) problems.push('GRIDHUB_IDENTITY_KEY_FILE: required when NODE_ENV=production (the gateway\'s private signing key, a mounted secret)');
  } else {
    if (index < 0) problems.push(`unknown service ${service} (known: gateway, ${subgraphs.join(', ')})`);
    if (!config.identityJwksUrl && !config.identityJwksFile) {
      problems.push('GRIDHUB_IDENTITY_JWKS_URL or GRIDHUB_IDENTITY_JWKS_FILE: required (the gateway\'s public keys, e.g. http://gateway:4000/.well-known/jwks.json)');
    }
    if (needs.length && !config.serviceToken) problems.push(`GRIDHUB_SERVICE_TOKEN_FILE: required by ${service} (its service token, from \`gridhub keys\`)`);
  }
  if (problems.length) throw new ConfigError(`invalid configuration for ${service}:\n  - ${problems.join('\n  - ')}`);
  return config;
}
