import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { traceDataSource } from '../observability/tracing';
import { CountingLogger, SqlCounter } from './sql-counter';

type Migrations = MixedList<Function | string>;

export interface DatabaseConfig {
  /**
   * `mysql://user:pass@host:port/prefix` selects MySQL: each subgraph gets its own database named
   * `<prefix>_<subgraph>` (prefix defaults to `gridhub`). Unset: an SQLite file per subgraph in `dataDir`.
   */
  url?: string;
  /** Folder for the SQLite files (default `.data` under the working directory). */
  dataDir?: string;
  /** Connection pool size for MySQL (default 10). */
  poolSize?: number;
  /**
   * The server's flavour: MariaDB reports column defaults and nullability differently from MySQL, and typeorm's
   * `mysql` driver then sees drift that is not there (`DEFAULT 'NULL'`, nullable columns re-declared). Detected
   * from `SELECT VERSION()` when unset.
   */
  flavor?: 'mysql' | 'mariadb';
}

export interface DatabaseOptions extends DatabaseConfig {
  /** Subgraph name: the SQLite file name and the MySQL database suffix. */
  name: string;
  entities: MixedList<Function | string | EntitySchema>;
  /** Migrations per dialect: generated SQL differs between SQLite and MySQL. */
  migrations: { sqlite: Migrations; mysql: Migrations };
  counter?: SqlCounter;
  log?: { warn(obj: object, msg: string): void };
}

export type Dialect = 'sqlite' | 'mysql';

export const dialectOf = (config: DatabaseConfig): Dialect => (config.url?.startsWith('mysql') ? 'mysql' : 'sqlite');

export function mysqlDatabaseName(url: string, name: string): string {
  const prefix = new URL(url).pathname.replace(/^\//, '') || 'gridhub';
  return `${prefix}_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  const logger = new CountingLogger(options.counter ?? new SqlCounter(), options.log);
  if (dialectOf(options) === 'mysql') {
    const url = new URL(options.url!);
    return {
      type: options.flavor ?? 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      username: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database: mysqlDatabaseName(options.url!, options.name),
      charset: 'utf8mb4',
      // DATETIME columns hold UTC; without this mysql2 converts with the server's zone.
      timezone: 'Z',
      poolSize: options.poolSize ?? 10,
      entities: options.entities,
      migrations: options.migrations.mysql,
      logger,
    };
  }
  const dir = resolve(options.dataDir ?? '.data');
  mkdirSync(dir, { recursive: true });
  return {
    type: 'better-sqlite3',
    database: join(dir, `${options.name}.sqlite`),
    enableWAL: true,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    },
    entities: options.entities,
    migrations: options.migrations.sqlite,
    logger,
  };
}

/** One statement on the server of a `mysql://` URL, outside any database (create, drop, version). */
async function onServer(url: string, sql: string) {
  const server = new URL(url);
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  });
  try {
    return await conn.query(sql);
  } finally {
    await conn.end();
  }
}

const flavors = new Map<string, 'mysql' | 'mariadb'>();

/** MySQL or MariaDB, from the server's version string (asked once per server per process). */
export async function serverFlavor(url: string): Promise<'mysql' | 'mariadb'> {
  const server = new URL(url);
  const key = `${server.hostname}:${server.port || 3306}`;
  const known = flavors.get(key);
  if (known) return known;
  const [rows] = await onServer(url, 'SELECT VERSION() AS v');
  const flavor = /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'mariadb' : 'mysql';
  flavors.set(key, flavor);
  return flavor;
}

/**
 * Creates the subgraph's MySQL database if it is missing (SQLite files are created on open); returns the options
 * with the server flavour settled, so typeorm uses the driver matching the server.
 */
export async function ensureDatabase(options: DatabaseOptions): Promise<DatabaseOptions> {
  if (dialectOf(options) !== 'mysql') return options;
  const flavor = options.flavor ?? (await serverFlavor(options.url!));
  await onServer(
    options.url!,
    `CREATE DATABASE IF NOT EXISTS \`${mysqlDatabaseName(options.url!, options.name)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  return { ...options, flavor };
}

/** Drops the subgraph's database (tests) or deletes nothing for SQLite (callers remove the folder). */
export async function dropDatabase(options: Pick<DatabaseOptions, 'url' | 'name'>): Promise<void> {
  if (!options.url?.startsWith('mysql')) return;
  await onServer(options.url, `DROP DATABASE IF EXISTS \`${mysqlDatabaseName(options.url, options.name)}\``);
}

/** Opens the database and brings its schema up to date through migrations (never `synchronize`). */
export async function openDatabase(options: DatabaseOptions, { migrate = true } = {}): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(await ensureDatabase(options)));
  traceDataSource(ds);
  await ds.initialize();
  if (migrate) await ds.runMigrations({ transaction: 'each' });
  return ds;
}
