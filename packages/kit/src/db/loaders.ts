import DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { defineLoader, type ScopedData } from '../data/scoped-data';

export { defineLoader, LoaderRegistry, type LoaderDef } from '../data/scoped-data';

const q = (data: ScopedData, s: string) => data.connection.driver.escape(s);
const columnOf = (data: ScopedData, entity: EntityTarget<ObjectLiteral>, property: string) =>
  data.connection.getMetadata(entity).findColumnWithPropertyName(property)!.databaseName;

/**
 * Rows by primary key in key order, within the caller's scope: one `IN (…)` statement per batch. A missing row and a
 * row outside the scope are alike: null (`load` of a reference then answers NOT_FOUND).
 */
export function byId<E extends ObjectLiteral & { id: string | number }>(entity: EntityTarget<E>, name: string) {
  return defineLoader<E['id'], E | null>(name, (data) =>
    new DataLoader(async (ids) => {
      const rows = await data.query(entity, 'e').andWhere('e.id IN (:...ids)', { ids: [...ids] }).getMany();
      const byKey = new Map(rows.map((r) => [String(r.id), r]));
      return ids.map((id) => byKey.get(String(id)) ?? null);
    }, { maxBatchSize: 1000 }),
  );
}

/** Equality conditions on properties (`{ status: 'OPEN', movedOutAt: null }`; null means IS NULL). */
export type Where<E> = Partial<Record<keyof E & string, string | number | boolean | null>>;

function applyWhere<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string, where: Where<E> | undefined, tag: string) {
  for (const [property, value] of Object.entries(where ?? {})) {
    if (value === null) qb.andWhere(`${alias}.${property} IS NULL`);
    else qb.andWhere(`${alias}.${property} = :${tag}_${property}`, { [`${tag}_${property}`]: value });
  }
  return qb;
}

/** All rows (in scope) whose `column` equals each key, grouped in key order: one statement per batch. */
export function groupedBy<E extends ObjectLiteral>(
  entity: EntityTarget<E>,
  column: keyof E & string,
  name: string,
  options: { order?: Partial<Record<keyof E & string, 'ASC' | 'DESC'>>; where?: Where<E> } = {},
) {
  return defineLoader<E[typeof column], E[]>(name, (data) =>
    new DataLoader(async (keys) => {
      const qb = applyWhere(data.query(entity, 'e').andWhere(`e.${column} IN (:...keys)`, { keys: [...keys] }), 'e', options.where, 'w');
      for (const [property, direction] of Object.entries(options.order ?? { id: 'ASC' })) qb.addOrderBy(`e.${property}`, direction as 'ASC' | 'DESC');
      const rows = await qb.getMany();
      const groups = new Map<string, E[]>();
      for (const row of rows) {
        const k = String(row[column]);
        const list = groups.get(k);
        if (list) list.push(row);
        else groups.set(k, [row]);
      }
      return keys.map((k) => groups.get(String(k)) ?? []);
    }, { maxBatchSize: 1000 }),
  );
}

export interface PageKey<P> {
  parent: P;
  /** Rows to read per parent (page size + 1, to know whether a next page exists). */
  limit: number;
  /** Primary key after which the page starts (from the `after` cursor). */
  afterId?: string | number;
  /** Equality filters shared by the keys of one statement (e.g. a status). */
  where?: Record<string, string | number | boolean | null>;
}

const pageGroup = (k: PageKey<unknown>) => `${k.limit}:${k.afterId ?? ''}:${JSON.stringify(k.where ?? {})}`;

/**
 * The first `limit` rows per parent in the caller's scope, in primary-key order (`order: 'DESC'`: newest first),
 * for a whole batch of parents in one statement (`ROW_NUMBER() OVER (PARTITION BY parent)`; SQLite ≥ 3.25, MySQL 8,
 * MariaDB 10.2). The window itself is scoped, so a page is full of rows the caller may see. This is what keeps
 * `grids { residents(first: 3) }` at one statement for any number of grids.
 */
export function pagedBy<E extends ObjectLiteral>(entity: EntityTarget<E>, column: keyof E & string, name: string, options: { order?: 'ASC' | 'DESC' } = {}) {
  const direction = options.order ?? 'ASC';
  return defineLoader<PageKey<E[typeof column]>, E[]>(name, (data) =>
    new DataLoader(
      async (keys) => {
        const results = new Map<string, E[]>();
        const groups = new Map<string, PageKey<E[typeof column]>[]>();
        for (const key of keys) groups.set(pageGroup(key), [...(groups.get(pageGroup(key)) ?? []), key]);
        const fk = columnOf(data, entity, column);
        const pk = data.connection.getMetadata(entity).primaryColumns[0]!.databaseName;
        for (const [g, group] of groups) {
          const { limit, afterId, where } = group[0]!;
          const window = data
            .query(entity, 'w')
            .select(`w.${q(data, pk)}`, 'wid')
            .addSelect(`ROW_NUMBER() OVER (PARTITION BY w.${q(data, fk)} ORDER BY w.${q(data, pk)} ${direction})`, 'rn')
            .andWhere(`w.${q(data, fk)} IN (:...parents)`, { parents: group.map((k) => k.parent) });
          applyWhere(window, 'w', where as Where<E>, 'pw');
          if (afterId !== undefined) window.andWhere(`w.${q(data, pk)} ${direction === 'ASC' ? '>' : '<'} :afterId`, { afterId });
          const rows = await data
            .query(entity, 'e')
            .andWhere(`e.${q(data, pk)} IN (SELECT ranked.wid FROM (${window.getQuery()}) ranked WHERE ranked.rn <= :limit)`, { limit })
            .setParameters(window.getParameters())
            .orderBy(`e.${q(data, pk)}`, direction)
            .getMany();
          for (const row of rows) {
            const k = `${g}:${String(row[column])}`;
            results.set(k, [...(results.get(k) ?? []), row]);
          }
        }
        return keys.map((k) => results.get(`${pageGroup(k)}:${String(k.parent)}`) ?? []);
      },
      { cacheKeyFn: (k) => `${pageGroup(k)}:${String(k.parent)}`, maxBatchSize: 1000 },
    ),
  );
}

/** Number of rows (in scope, matching `where`) per parent key: one `GROUP BY` statement per batch and filter. */
export function countBy<E extends ObjectLiteral>(entity: EntityTarget<E>, column: keyof E & string, name: string) {
  type CountKey = E[typeof column] | { parent: E[typeof column]; where?: Where<E> };
  const split = (k: CountKey) => (k !== null && typeof k === 'object' && 'parent' in k ? k : { parent: k as E[typeof column], where: undefined });
  return defineLoader<CountKey, number>(name, (data) =>
    new DataLoader(
      async (keys) => {
        const groups = new Map<string, { where?: Where<E>; parents: unknown[] }>();
        for (const key of keys) {
          const { parent, where } = split(key);
          const g = JSON.stringify(where ?? {});
          const group = groups.get(g) ?? { where, parents: [] };
          group.parents.push(parent);
          groups.set(g, group);
        }
        const counts = new Map<string, number>();
        for (const [g, { where, parents }] of groups) {
          const qb = data.query(entity, 'e').select(`e.${column}`, 'k').addSelect('COUNT(*)', 'n').andWhere(`e.${column} IN (:...keys)`, { keys: parents });
          applyWhere(qb, 'e', where, 'cw');
          const rows: { k: unknown; n: string | number }[] = await qb.groupBy(`e.${column}`).getRawMany();
          for (const r of rows) counts.set(`${g}:${String(r.k)}`, Number(r.n));
        }
        return keys.map((k) => counts.get(`${JSON.stringify(split(k).where ?? {})}:${String(split(k).parent)}`) ?? 0);
      },
      { cacheKeyFn: (k) => `${JSON.stringify(split(k).where ?? {})}:${String(split(k).parent)}`, maxBatchSize: 1000 },
    ),
  );
}
