import type { DataSource } from 'typeorm';

type Value = string | number | null;

/**
 * Reference rows a subgraph ships (event categories, deadline policies): the table, the columns that identify a
 * row, and the rows as they should be now. Migrations carry their own copies of the rows they write, so a database
 * always holds what the migrations it ran wrote; `gridhub migration generate` turns a change of `rows` into a new
 * migration (inserts, updates, deletes), the way it turns a change of the entities into DDL.
 */
export interface ReferenceTable {
  table: string;
  key: readonly string[];
  /** Plain rows: column name → string, number or null. */
  rows: readonly object[];
}

/** One statement of a generated migration, with its values inline (the migration file holds its own rows). */
export interface ReferenceStatement {
  query: string;
  parameters: Value[];
}

const same = (a: unknown, b: unknown) => (a === null || a === undefined ? b === null || b === undefined : b !== null && b !== undefined && String(a) === String(b));

/**
 * The statements that bring the reference rows of a database migrated so far (`ds`, its migrations run) to what the
 * tables say now, and the statements that undo them. Empty when the data is current.
 */
export async function referenceDataChanges(ds: DataSource, tables: readonly ReferenceTable[]): Promise<{ up: ReferenceStatement[]; down: ReferenceStatement[] }> {
  const q = (name: string) => ds.driver.escape(name);
  const up: ReferenceStatement[] = [];
  const down: ReferenceStatement[] = [];
  for (const { table, key, rows: given } of tables) {
    const rows = given as readonly Readonly<Record<string, Value>>[];
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const idOf = (row: Readonly<Record<string, unknown>>) => JSON.stringify(key.map((k) => String(row[k])));
    // A table this very migration creates holds nothing yet.
    const exists = await ds.createQueryRunner().hasTable(table);
    const stored = exists ? ((await ds.query(`SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`)) as Record<string, Value>[]) : [];
    const storedById = new Map(stored.map((r) => [idOf(r), r]));
    const wantedIds = new Set(rows.map(idOf));
    const insert = (row: Readonly<Record<string, Value>>): ReferenceStatement => ({
      query: `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      parameters: columns.map((c) => row[c] ?? null),
    });
    const where = `${key.map((k) => `${q(k)} = ?`).join(' AND ')}`;
    const keyOf = (row: Readonly<Record<string, Value>>) => key.map((k) => row[k] ?? null);
    const remove = (row: Readonly<Record<string, Value>>): ReferenceStatement => ({ query: `DELETE FROM ${q(table)} WHERE ${where}`, parameters: keyOf(row) });
    const update = (row: Readonly<Record<string, Value>>, changed: string[]): ReferenceStatement => ({
      query: `UPDATE ${q(table)} SET ${changed.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${where}`,
      parameters: [...changed.map((c) => row[c] ?? null), ...keyOf(row)],
    });
    for (const row of rows) {
      const before = storedById.get(idOf(row));
      if (!before) {
        up.push(insert(row));
        down.unshift(remove(row));
        continue;
      }
      const changed = columns.filter((c) => !same(row[c], before[c]));
      if (changed.length) {
        up.push(update(row, changed));
        down.unshift(update(before, changed));
      }
    }
    for (const before of stored) {
      if (wantedIds.has(idOf(before))) continue;
      up.push(remove(before));
      down.unshift(insert(before));
    }
  }
  return { up, down };
}
