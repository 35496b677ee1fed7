import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { SeedProgress } from './types';

// SQLite allows 32,766 bound variables per statement; 1,000 rows keep a MySQL statement around 100 KB, far
// under max_allowed_packet. Larger chunks measured no faster: typeorm's per-value work dominates by then.
const MAX_VARIABLES = 30_000;
const MAX_ROWS = 1_000;

/** Rows per multi-row INSERT of this entity. */
export const chunkSize = (db: DataSource, entity: EntityTarget<ObjectLiteral>): number =>
  Math.min(MAX_ROWS, Math.floor(MAX_VARIABLES / db.getMetadata(entity).columns.length));

export interface SeedTable {
  name: string;
  entity: EntityTarget<ObjectLiteral>;
  rows: ObjectLiteral[];
}

/**
 * Writes each table with chunked multi-row INSERTs through `m` (the caller's transaction), reporting progress
 * against `tally`. Ids are explicit, so nothing is read back after an insert.
 */
export async function insertTables(m: EntityManager, tables: SeedTable[], tally: { done: number; total: number }, progress?: SeedProgress): Promise<void> {
  for (const { name, entity, rows } of tables) {
    const size = chunkSize(m.connection, entity);
    for (let i = 0; i < rows.length; i += size) {
      const chunk = rows.slice(i, i + size);
      await m.createQueryBuilder().insert().into(entity).values(chunk).updateEntity(false).execute();
      progress?.((tally.done += chunk.length), tally.total, name);
    }
  }
}
