import type { QueryRunner } from 'typeorm';
import { CATEGORY_ROWS, POLICY_ROWS } from '../category/category.data';

/**
 * Inserts the event-category tree and the deadline policy (reference data the API needs before any seed), with
 * plain parameterised SQL that both dialects accept. `quote` is the dialect's identifier quote.
 */
export async function insertReferenceData(queryRunner: QueryRunner, quote: (name: string) => string): Promise<void> {
  const insert = async (table: string, rows: readonly object[]) => {
    for (const row of rows) {
      const columns = Object.keys(row);
      await queryRunner.query(
        `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        Object.values(row),
      );
    }
  };
  await insert('event_category', CATEGORY_ROWS);
  await insert('deadline_policy', POLICY_ROWS);
}

export async function deleteReferenceData(queryRunner: QueryRunner, quote: (name: string) => string): Promise<void> {
  await queryRunner.query(`DELETE FROM ${quote('deadline_policy')}`);
  await queryRunner.query(`DELETE FROM ${quote('event_category')}`);
}
