/**
 * A UTC time as both dialects compare it in raw SQL: `YYYY-MM-DD HH:MM:SS.mmm`. This is the text typeorm writes
 * to SQLite datetime columns (so string comparison orders correctly) and what MySQL reads into DATETIME(3)
 * (the connection runs in UTC, `timezone: 'Z'`).
 */
export const sqlTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 23);

/** A datetime value as a raw query returns it: a Date (mysql2) or the UTC text (SQLite). */
export const fromSqlTime = (v: Date | string): Date => (v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));
