import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseSchemaOf, generateMigration, openDatabase, type ReferenceTable } from '@gridhub/kit';
import { testDatabase, testDialects } from '@gridhub/kit/testing';
import { subdistrict } from '../index';
import { CATEGORY_ROWS, REFERENCE_DATA } from './category.data';

/**
 * Issue 13, item 4: reference data frozen by migrations. Migrations carry their own rows; a change of the category
 * tree becomes a migration generated from the data module, and that migration brings an already-migrated database to
 * the new tree — not only a new one.
 */

const schema = databaseSchemaOf(subdistrict);

/** The tree with one more second-level category, as a developer would add it to category.data.ts. */
const NEW_CATEGORY = { code: 'ENV_LIGHT_POLLUTION', parentCode: 'ENVIRONMENT_SANITATION', name: 'Light pollution', nameZh: '光污染', position: 5 };
const withNewCategory: ReferenceTable[] = REFERENCE_DATA.map((t) => (t.table === 'event_category' ? { ...t, rows: [...CATEGORY_ROWS, NEW_CATEGORY] } : t));

describe.each(testDialects())('reference data is frozen by migrations (%s)', (dialect) => {
  const folders: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridhub-refdata-'));
    folders.push(dir);
    return dir;
  };
  /** A throwaway database the generator diffs against (migrations run, then compared). */
  const generate = async (dir: string, name: string, tables: ReferenceTable[]) => {
    const db = testDatabase(dialect);
    try {
      return await generateMigration({ ...schema, ...db.config }, dialect, dir, name, 1_900_000_000_000, tables);
    } finally {
      await db.cleanup([schema.name]);
    }
  };
  afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('the committed migrations produce exactly category.data.ts (a change there without its migration fails here)', async () => {
    const dir = scratch();
    expect(await generate(dir, 'Nothing', REFERENCE_DATA)).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('a new category reaches an already-migrated database through the generated migration, and its down removes it', async () => {
    const db = testDatabase(dialect);
    try {
      // A database migrated before the category existed.
      const before = await openDatabase({ ...schema, ...db.config });
      const codes = async (ds: typeof before) => ((await ds.query('SELECT code FROM event_category')) as { code: string }[]).map((r) => r.code).sort();
      const old = await codes(before);
      expect(old).toEqual(CATEGORY_ROWS.map((r) => r.code).sort());
      await before.destroy();

      const dir = scratch();
      expect(await generate(dir, 'AddLightPollution', withNewCategory)).toBe(1);
      const file = join(dir, '1900000000000-AddLightPollution.ts');
      // The migration holds its row; it does not import the data module.
      expect(readFileSync(file, 'utf8')).toContain('"ENV_LIGHT_POLLUTION","ENVIRONMENT_SANITATION","Light pollution","光污染",5');
      expect(readFileSync(file, 'utf8')).not.toContain('category.data');
      const generated = (require(file) as Record<string, Function>).AddLightPollution1900000000000!;

      // `gridhub migrate` with the new migration: the migrated database gets the category.
      const migrations = { ...schema.migrations, [dialect]: [...(schema.migrations[dialect] as Function[]), generated] };
      const after = await openDatabase({ ...schema, migrations, ...db.config });
      expect(await codes(after)).toEqual([...old, NEW_CATEGORY.code].sort());
      expect(await after.query('SELECT name, nameZh, parentCode, position FROM event_category WHERE code = ?', [NEW_CATEGORY.code])).toEqual([
        { name: NEW_CATEGORY.name, nameZh: NEW_CATEGORY.nameZh, parentCode: NEW_CATEGORY.parentCode, position: 5 },
      ]);
      await after.undoLastMigration({ transaction: 'each' });
      expect(await codes(after)).toEqual(old);
      await after.destroy();
    } finally {
      await db.cleanup([schema.name]);
    }
  }, 60_000);
});
