import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropDatabase, type DatabaseConfig, type Dialect } from '../db/datasource';

/**
 * The dialects a test suite runs against: SQLite always; MySQL/MariaDB too when GRIDHUB_TEST_MYSQL_URL is set
 * (CI sets it and fails before the tests if the server cannot be reached, so nothing is skipped silently).
 */
export function testDialects(): Dialect[] {
  return process.env.GRIDHUB_TEST_MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

export interface TestDatabase {
  dialect: Dialect;
  config: DatabaseConfig;
  /** Drops the MySQL databases of the given subgraphs, or deletes the SQLite folder. */
  cleanup(subgraphs: string[]): Promise<void>;
}

/** A throwaway database location: a temp folder of SQLite files, or a unique MySQL database prefix. */
export function testDatabase(dialect: Dialect): TestDatabase {
  if (dialect === 'mysql') {
    const base = process.env.GRIDHUB_TEST_MYSQL_URL;
    if (!base) throw new Error('GRIDHUB_TEST_MYSQL_URL is not set');
    const url = new URL(base);
    url.pathname = `/t${process.pid}_${randomBytes(3).toString('hex')}`;
    const config = { url: url.toString() };
    return {
      dialect,
      config,
      async cleanup(subgraphs) {
        for (const name of subgraphs) await dropDatabase({ url: config.url, name });
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-test-'));
  return {
    dialect,
    config: { dataDir },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
