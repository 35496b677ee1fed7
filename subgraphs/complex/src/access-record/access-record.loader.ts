import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byId, defineLoader } from '@gridhub/kit';
import { sqlTime } from '../sql-time';
import { AccessRecordEntity } from './access-record.entity';

export const accessRecordById = byId(AccessRecordEntity, 'accessRecordById');

/** A page of one parent's records, newest first. */
export interface RecordPageKey {
  parent: number;
  /** Rows to read (page size + 1 to know whether a next page exists). */
  limit: number;
  /** Keyset cursor: the (deviceTime, id) of the last record already seen. */
  after?: { time: Date; id: string };
  since?: Date;
  until?: Date;
  /** Only records of these complexes (the caller's scope); undefined: every complex. */
  complexIds?: number[];
}

const filterKey = (k: Omit<RecordPageKey, 'parent' | 'limit'>) =>
  [k.after ? `${k.after.time.toISOString()}/${k.after.id}` : '', k.since?.toISOString() ?? '', k.until?.toISOString() ?? '', k.complexIds?.join(',') ?? '*'].join('|');

export const newestFirst = (a: AccessRecordEntity, b: AccessRecordEntity): number =>
  b.deviceTime.getTime() - a.deviceTime.getTime() || Number(b.id) - Number(a.id);

/** Branches per statement: SQLite's default limit of compound SELECT terms is 500. */
const BRANCHES = 200;

function conditions(db: DataSource, k: Omit<RecordPageKey, 'parent' | 'limit'>): { sql: string; params: unknown[] } {
  const q = (s: string) => db.driver.escape(s);
  const parts: string[] = [];
  const params: unknown[] = [];
  if (k.since) {
    parts.push(`${q('deviceTime')} >= ?`);
    params.push(sqlTime(k.since));
  }
  if (k.until) {
    parts.push(`${q('deviceTime')} < ?`);
    params.push(sqlTime(k.until));
  }
  if (k.after) {
    const t = sqlTime(k.after.time);
    parts.push(`(${q('deviceTime')} < ? OR (${q('deviceTime')} = ? AND ${q('id')} < ?))`);
    params.push(t, t, Number(k.after.id));
  }
  if (k.complexIds) {
    if (k.complexIds.length === 0) parts.push('1 = 0');
    else {
      parts.push(`${q('complexId')} IN (${k.complexIds.map(() => '?').join(', ')})`);
      params.push(...k.complexIds);
    }
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/**
 * The newest `limit` records of each parent (person or device), for a whole batch of parents in two statements:
 * a `UNION ALL` of one `ORDER BY deviceTime DESC, id DESC LIMIT n` branch per parent — each branch a short
 * backward range scan of the (parent, deviceTime, id) index — then the rows by primary key.
 *
 * The kit's `pagedBy` (`ROW_NUMBER() OVER (PARTITION BY parent)`) numbers *every* row of each parent before
 * keeping the first n: fine for a grid's residents, a scan of months of history for a person's door records.
 * This loader is the "top n per parent by a sort key" variant; it belongs in the kit next to `pagedBy`.
 */
export function recentRecordsBy(column: 'personId' | 'deviceId', name: string) {
  return defineLoader<RecordPageKey, AccessRecordEntity[]>(name, (db) =>
    new DataLoader(
      async (keys) => {
        const q = (s: string) => db.driver.escape(s);
        const table = q(db.getMetadata(AccessRecordEntity).tableName);
        const groups = new Map<string, RecordPageKey[]>();
        for (const key of keys) {
          const g = `${key.limit}|${filterKey(key)}`;
          groups.set(g, [...(groups.get(g) ?? []), key]);
        }
        const idsByKey = new Map<string, string[]>();
        const allIds: string[] = [];
        for (const [g, group] of groups) {
          const { limit } = group[0]!;
          const cond = conditions(db, group[0]!);
          const parents = [...new Set(group.map((k) => k.parent))];
          for (let i = 0; i < parents.length; i += BRANCHES) {
            const slice = parents.slice(i, i + BRANCHES);
            const sql = slice
              .map(
                (_, j) =>
                  `SELECT * FROM (SELECT ${q('id')} AS wid, ${q(column)} AS parent FROM ${table} WHERE ${q(column)} = ?${cond.sql} ` +
                  `ORDER BY ${q('deviceTime')} DESC, ${q('id')} DESC LIMIT ${Number(limit)}) b${j}`,
              )
              .join(' UNION ALL ');
            const params = slice.flatMap((p) => [p, ...cond.params]);
            const rows: { wid: string | number; parent: string | number }[] = await db.query(sql, params);
            for (const r of rows) {
              const k = `${g}|${Number(r.parent)}`;
              idsByKey.set(k, [...(idsByKey.get(k) ?? []), String(r.wid)]);
              allIds.push(String(r.wid));
            }
          }
        }
        const byId = new Map<string, AccessRecordEntity>();
        for (let i = 0; i < allIds.length; i += 5000) {
          const rows = await db.getRepository(AccessRecordEntity).findBy({ id: In(allIds.slice(i, i + 5000)) });
          for (const r of rows) byId.set(String(r.id), r);
        }
        // UNION ALL keeps no order across or within branches: sort each page as its cursor expects.
        return keys.map((k) =>
          (idsByKey.get(`${k.limit}|${filterKey(k)}|${k.parent}`) ?? [])
            .map((id) => byId.get(id))
            .filter((r): r is AccessRecordEntity => r !== undefined)
            .sort(newestFirst),
        );
      },
      { cacheKeyFn: (k) => `${k.limit}|${filterKey(k)}|${k.parent}`, maxBatchSize: 1000 },
    ),
  );
}

/** Number of records per parent under the same filters (no cursor): one `GROUP BY` per batch. */
export function recordCountBy(column: 'personId' | 'deviceId', name: string) {
  type CountKey = Omit<RecordPageKey, 'limit' | 'after'>;
  return defineLoader<CountKey, number>(name, (db) =>
    new DataLoader(
      async (keys) => {
        const q = (s: string) => db.driver.escape(s);
        const table = q(db.getMetadata(AccessRecordEntity).tableName);
        const groups = new Map<string, CountKey[]>();
        for (const key of keys) groups.set(filterKey(key), [...(groups.get(filterKey(key)) ?? []), key]);
        const counts = new Map<string, number>();
        for (const [g, group] of groups) {
          const cond = conditions(db, group[0]!);
          const parents = [...new Set(group.map((k) => k.parent))];
          const rows: { parent: number; n: string | number }[] = await db.query(
            `SELECT ${q(column)} AS parent, COUNT(*) AS n FROM ${table} WHERE ${q(column)} IN (${parents.map(() => '?').join(', ')})${cond.sql} GROUP BY ${q(column)}`,
            [...parents, ...cond.params],
          );
          for (const r of rows) counts.set(`${g}|${Number(r.parent)}`, Number(r.n));
        }
        return keys.map((k) => counts.get(`${filterKey(k)}|${k.parent}`) ?? 0);
      },
      { cacheKeyFn: (k) => `${filterKey(k)}|${k.parent}`, maxBatchSize: 1000 },
    ),
  );
}

export const recentRecordsByPerson = recentRecordsBy('personId', 'recentRecordsByPerson');
export const recentRecordsByDevice = recentRecordsBy('deviceId', 'recentRecordsByDevice');
export const recordCountByPerson = recordCountBy('personId', 'recordCountByPerson');
export const recordCountByDevice = recordCountBy('deviceId', 'recordCountByDevice');
