import { databaseSchemaOf, openDatabase, type DatabaseOptions } from '@gridhub/kit';
import { subgraphs } from '@gridhub/cli';
import { REGISTRY_DATABASE, registryEntities, registryMigrations } from '@gridhub/registry';
import { testDatabase, testDialects } from '@gridhub/kit/testing';

type DataSource = Awaited<ReturnType<typeof openDatabase>>;

/** Every database the hub owns: each subgraph `gridhub serve` runs (static tiers and partner plug-ins) and the registry's. */
async function schemas(): Promise<Pick<DatabaseOptions, 'name' | 'entities' | 'migrations'>[]> {
  return [
    ...subgraphs.map(databaseSchemaOf),
    { name: REGISTRY_DATABASE, entities: registryEntities, migrations: registryMigrations },
  ];
}

/** Our tables (typeorm's `migrations` bookkeeping table aside). */
async function tablesOf(db: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    db.options.type === 'better-sqlite3'
      ? await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      : await db.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
  return rows.map((r) => r.name).filter((n) => n !== 'migrations').sort();
}

/** Statements typeorm would issue to make the schema match the entities: none when the migrations are complete. */
async function drift(db: DataSource): Promise<string[]> {
  const sql = await db.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

describe.each(testDialects())('migration round trip on %s', (dialect) => {
  const database = testDatabase(dialect);
  let names: string[] = [];
  afterAll(() => database.cleanup(names));

  it('applies every migration to an empty database, matches the entities, rolls all back and applies them again', async () => {
    const all = await schemas();
    names = all.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['community', 'subdistrict', 'complex', 'powergrid', REGISTRY_DATABASE]));
    for (const schema of all) {
      const db = await openDatabase({ ...database.config, ...schema }, { migrate: false });
      try {
        if (dialect === 'mysql') expect(db.options.type).toBe('mariadb');
        expect(await tablesOf(db)).toEqual([]);

        const applied = await db.runMigrations({ transaction: 'each' });
        expect(applied.length).toBeGreaterThan(0);
        expect({ schema: schema.name, drift: await drift(db) }).toEqual({ schema: schema.name, drift: [] });
        expect((await tablesOf(db)).length).toBeGreaterThan(0);

        for (let i = 0; i < applied.length; i++) await db.undoLastMigration({ transaction: 'each' });
        expect(await db.showMigrations()).toBe(true);
        expect({ schema: schema.name, tables: await tablesOf(db) }).toEqual({ schema: schema.name, tables: [] });

        expect((await db.runMigrations({ transaction: 'each' })).length).toBe(applied.length);
        expect({ schema: schema.name, drift: await drift(db) }).toEqual({ schema: schema.name, drift: [] });
        expect(await db.showMigrations()).toBe(false);
      } finally {
        await db.destroy();
      }
    }
  });
});
