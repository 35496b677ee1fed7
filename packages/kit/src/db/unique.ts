/**
 * Did this write fail on a unique index (MySQL/MariaDB `ER_DUP_ENTRY`, SQLite `SQLITE_CONSTRAINT_UNIQUE`)? Two
 * concurrent writers can both find a key free and both insert; the index lets one win, and the loser turns the
 * error into the answer the winner got (an idempotent replay) instead of an INTERNAL error.
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
