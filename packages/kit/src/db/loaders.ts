import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { metricsOf } from '../observability/metrics';

/**
 * A loader definition: a name and a factory. Resolvers ask the per-request registry for it
 * (`ctx.loaders.get(personById)`), so every request gets fresh caches and batches across the whole request.
 */
export interface LoaderDef<K, V> {
  readonly name: string;
  readonly make: (db: DataSource) => DataLoader<K, V, unknown>;
}

export const defineLoader = <K, V>(name: string, make: (db: DataSource) => DataLoader<K, V, unknown>): LoaderDef<K, V> => ({
  name,
  make,
});

/** Per-request registry of DataLoaders; a loader is created on first use. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown, unknown>>();
  constructor(private readonly db: DataSource) {}

  get<K, V>(def: LoaderDef<K, V>, variant = ''): DataLoader<K, V, unknown> {
    const key = variant ? `${def.name}:${variant}` : def.name;
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = def.make(this.db) as DataLoader<unknown, unknown, unknown>;
      observeBatches(loader, def.name, this.db);
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V, unknown>;
  }
}

/**
 * Records each batch's size in the owning service's metrics (`gridhub_dataloader_batch_size`). DataLoader offers no
 * hook for it, so its batch function (a plain field in dataloader 2.x) is wrapped; without it nothing is recorded.
 */
const BATCH_FN = '_batchLoadFn';

function observeBatches(loader: DataLoader<unknown, unknown, unknown>, name: string, db: DataSource): void {
  const metrics = metricsOf(db);
  type BatchFn = (keys: readonly unknown[]) => PromiseLike<ArrayLike<unknown>>;
  const inner = loader as unknown as Record<typeof BATCH_FN, BatchFn | undefined>;
  const batch = inner[BATCH_FN];
  if (!metrics || typeof batch !== 'function') return;
  inner[BATCH_FN] = (keys) => {
    metrics.loaderBatchSize.observe({ loader: name }, keys.length);
    return batch(keys);
  };
}

/** Rows by primary key in key order (null where missing): one `IN (…)` statement per batch. */
export function byId<E extends ObjectLiteral & { id: string | number }>(entity: EntityTarget<E>, name: string) {
  return defineLoader<E['id'], E | null>(name, (db) =>
    new DataLoader(async (ids) => {
      const rows = await db.getRepository(entity).findBy({ id: In([...ids]) } as FindOptionsWhere<E>);
      const byKey = new Map(rows.map((r) => [String(r.id), r]));
      return ids.map((id) => byKey.get(String(id)) ?? null);
    }, { maxBatchSize: 1000 }),
  );
}

/** All rows whose `column` equals each key, grouped in key order: one statement per batch. */
export function groupedBy<E extends ObjectLiteral>(
  entity: EntityTarget<E>,
  column: keyof E & string,
  name: string,
  options: { order?: Partial<Record<keyof E & string, 'ASC' | 'DESC'>>; where?: FindOptionsWhere<E> } = {},
) {
  return defineLoader<E[typeof column], E[]>(name, (db) =>
    new DataLoader(async (keys) => {
      const rows = await db.getRepository(entity).find({
        where: { ...options.where, [column]: In([...keys]) } as FindOptionsWhere<E>,
        order: (options.order ?? { id: 'ASC' }) as never,
      });
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
}

/**
 * The first `limit` rows per parent, for a whole batch of parents in one statement
 * (`ROW_NUMBER() OVER (PARTITION BY parent)`; SQLite ≥ 3.25, MySQL 8, MariaDB 10.2).
 * This is what keeps `grids { residents(first: 3) }` at one statement for any number of grids.
 */
export function pagedBy<E extends ObjectLiteral>(entity: EntityTarget<E>, column: keyof E & string, name: string) {
  return defineLoader<PageKey<E[typeof column]>, E[]>(name, (db) =>
    new DataLoader(
      async (keys) => {
        const results = new Map<string, E[]>();
        // Keys of one request share limit and cursor in practice; group in case they do not.
        const groups = new Map<string, PageKey<E[typeof column]>[]>();
        for (const key of keys) {
          const g = `${key.limit}:${key.afterId ?? ''}`;
          groups.set(g, [...(groups.get(g) ?? []), key]);
        }
        const meta = db.getMetadata(entity);
        const table = meta.tablePath;
        const fk = meta.findColumnWithPropertyName(column)!.databaseName;
        const pk = meta.primaryColumns[0]!.databaseName;
        for (const group of groups.values()) {
          const { limit, afterId } = group[0]!;
          const q = (s: string) => db.driver.escape(s);
          const window = db
            .createQueryBuilder()
            .select(q(pk), 'wid')
            .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${q(fk)} ORDER BY ${q(pk)})`, 'rn')
            .from(table, 'w')
            .where(`${q(fk)} IN (:...parents)`, { parents: group.map((k) => k.parent) });
          if (afterId !== undefined) window.andWhere(`${q(pk)} > :afterId`, { afterId });
          const rows = await db
            .getRepository(entity)
            .createQueryBuilder('e')
            .where(`e.${q(pk)} IN (SELECT ranked.wid FROM (${window.getQuery()}) ranked WHERE ranked.rn <= :limit)`, { limit })
            .setParameters(window.getParameters())
            .orderBy(`e.${q(pk)}`, 'ASC')
            .getMany();
          for (const row of rows) {
            const k = `${group[0]!.limit}:${afterId ?? ''}:${String(row[column])}`;
            results.set(k, [...(results.get(k) ?? []), row]);
          }
        }
        return keys.map((k) => results.get(`${k.limit}:${k.afterId ?? ''}:${String(k.parent)}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.limit}:${k.afterId ?? ''}:${String(k.parent)}`, maxBatchSize: 1000 },
    ),
  );
}

/** Number of rows per parent key, one `GROUP BY` statement per batch. */
export function countBy<E extends ObjectLiteral>(entity: EntityTarget<E>, column: keyof E & string, name: string) {
  return defineLoader<E[typeof column], number>(name, (db) =>
    new DataLoader(async (keys) => {
      const rows: { k: unknown; n: string | number }[] = await db
        .getRepository(entity)
        .createQueryBuilder('e')
        .select(`e.${column}`, 'k')
        .addSelect('COUNT(*)', 'n')
        .where(`e.${column} IN (:...keys)`, { keys: [...keys] })
        .groupBy(`e.${column}`)
        .getRawMany();
      const counts = new Map(rows.map((r) => [String(r.k), Number(r.n)]));
      return keys.map((k) => counts.get(String(k)) ?? 0);
    }, { maxBatchSize: 1000 }),
  );
}
