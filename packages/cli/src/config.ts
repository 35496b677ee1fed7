import { resolve } from 'node:path';

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
}

export class ConfigError extends Error {}

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
  };
  if (problems.length) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
