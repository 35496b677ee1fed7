import DataLoader from 'dataloader';
import type { SelectQueryBuilder } from 'typeorm';
import { byId, defineLoader, type ScopedData } from '@gridhub/kit';
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
}

const filterKey = (k: Omit<RecordPageKey, 'parent' | 'limit'>) =>
  [k.after ? `${k.after.time.toISOString()}/${k.after.id}` : '', k.since?.toISOString() ?? '', k.until?.toISOString() ?? ''].join('|');

export const newestFirst = (a: AccessRecordEntity, b: AccessRecordEntity): number =>
  b.deviceTime.getTime() - a.deviceTime.getTime() || Number(b.id) - Number(a.id);

/** Branches per statement: SQLite's default limit of compound SELECT terms is 500. */
const BRANCHES = 200;

/** The time range and cursor of a key, on a query over `alias` (parameter names shared: equal within a group). */
function withFilters(qb: SelectQueryBuilder<AccessRecordEntity>, alias: string, k: Omit<RecordPageKey, 'parent' | 'limit'>) {
  if (k.since) qb.andWhere(`${alias}.deviceTime >= :rf_since`, { rf_since: sqlTime(k.since) });
  if (k.until) qb.andWhere(`${alias}.deviceTime < :rf_until`, { rf_until: sqlTime(k.until) });
  if (k.after)
    qb.andWhere(`(${alias}.deviceTime < :rf_at OR (${alias}.deviceTime = :rf_at AND ${alias}.id < :rf_aid))`, {
      rf_at: sqlTime(k.after.time),
      rf_aid: Number(k.after.id),
    });
  return qb;
}

/**
 * The newest `limit` records of each of `parents`, within the caller's scope, in one statement: the rows whose id is
 * in a `UNION ALL` of one branch per parent (`ORDER BY deviceTime DESC, id DESC LIMIT n`, each a short backward
 * range scan of the (parent, deviceTime, id) index). Every branch and the outer read are `data.query` builders, so
 * the scope is in each branch's WHERE (a page is full of rows the caller may see) and the rows read are audited.
 */
async function topPerParent(data: ScopedData, column: 'personId' | 'deviceId', parents: number[], key: Omit<RecordPageKey, 'parent'>) {
  const params: Record<string, unknown> = {};
  const branches = parents.map((parent, j) => {
    const b = `b${j}`;
    const branch = withFilters(data.query(AccessRecordEntity, b).select(`${b}.id`, 'wid').andWhere(`${b}.${column} = :rp${j}`, { [`rp${j}`]: parent }), b, key)
      .orderBy(`${b}.deviceTime`, 'DESC')
      .addOrderBy(`${b}.id`, 'DESC')
      .limit(key.limit);
    Object.assign(params, branch.getParameters());
    return `SELECT * FROM (${branch.getQuery()}) s${j}`;
  });
  return data
    .query(AccessRecordEntity, 'e')
    .andWhere(`e.id IN (SELECT u.wid FROM (${branches.join(' UNION ALL ')}) u)`)
    .setParameters(params)
    .getMany();
}

/**
 * The newest `limit` records of each parent (person or device), for a whole batch of parents in one statement
 * (per 200 parents and filter).
 *
 * The kit's `pagedBy` (`ROW_NUMBER() OVER (PARTITION BY parent)`) numbers *every* row of each parent before
 * keeping the first n: fine for a grid's residents, a scan of months of history for a person's door records.
 * This loader is the "top n per parent by a sort key" variant; it belongs in the kit next to `pagedBy`.
 */
export function recentRecordsBy(column: 'personId' | 'deviceId', name: string) {
  return defineLoader<RecordPageKey, AccessRecordEntity[]>(name, (data) =>
    new DataLoader(
      async (keys) => {
        const groups = new Map<string, RecordPageKey[]>();
        for (const key of keys) {
          const g = `${key.limit}|${filterKey(key)}`;
          groups.set(g, [...(groups.get(g) ?? []), key]);
        }
        const pages = new Map<string, AccessRecordEntity[]>();
        for (const [g, group] of groups) {
          const parents = [...new Set(group.map((k) => k.parent))];
          for (let i = 0; i < parents.length; i += BRANCHES) {
            for (const row of await topPerParent(data, column, parents.slice(i, i + BRANCHES), group[0]!)) {
              const k = `${g}|${Number(row[column])}`;
              pages.set(k, [...(pages.get(k) ?? []), row]);
            }
          }
        }
        // The union keeps no order across or within branches: sort each page as its cursor expects.
        return keys.map((k) => (pages.get(`${k.limit}|${filterKey(k)}|${k.parent}`) ?? []).sort(newestFirst));
      },
      { cacheKeyFn: (k) => `${k.limit}|${filterKey(k)}|${k.parent}`, maxBatchSize: 1000 },
    ),
  );
}

/** Number of records per parent within the caller's scope, under the same filters (no cursor): one `GROUP BY` per batch. */
export function recordCountBy(column: 'personId' | 'deviceId', name: string) {
  type CountKey = Omit<RecordPageKey, 'limit' | 'after'>;
  return defineLoader<CountKey, number>(name, (data) =>
    new DataLoader(
      async (keys) => {
        const groups = new Map<string, CountKey[]>();
        for (const key of keys) groups.set(filterKey(key), [...(groups.get(filterKey(key)) ?? []), key]);
        const counts = new Map<string, number>();
        for (const [g, group] of groups) {
          const parents = [...new Set(group.map((k) => k.parent))];
          const qb = data
            .query(AccessRecordEntity, 'e')
            .select(`e.${column}`, 'parent')
            .addSelect('COUNT(*)', 'n')
            .andWhere(`e.${column} IN (:...parents)`, { parents });
          const rows: { parent: number; n: string | number }[] = await withFilters(qb, 'e', group[0]!).groupBy(`e.${column}`).getRawMany();
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
