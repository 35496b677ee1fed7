import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { forbidden, notFound } from '../errors';
import type { Identity } from '../identity';
import type DataLoader from 'dataloader';
import { metricsOf } from '../observability/metrics';
import { applyScope, inScope, scopeCondition, type ScopedRow } from '../scope/filter';
import { scopeOf, type DataClass, type Scope } from '../scope/policy';
import { columnsFor, governanceOf, type Governance } from './governed';

/** A read of an audited class, merged per request into one audit row per (class, type, what). */
export interface AuditedRead {
  data: DataClass;
  targetType: string;
  targetIds: (string | number)[];
  /** What was read besides rows: `count`, or a filter (`filter:tag=DRUG_REHAB`). */
  fields: string[];
}

/** What a governed query may do to the rows it writes (a subset of EntityManager: no reads around the policy). */
export type Writer = Pick<EntityManager, 'insert' | 'update' | 'delete' | 'increment' | 'decrement'>;

/** Who runs jobs and background work: every row, recorded in audit rows under this subject. */
const systemIdentity = (name: string): Identity => ({ subject: `system:${name}`, role: 'SUBDISTRICT_ADMIN' as Identity['role'], name });

/**
 * The only way resolvers, loaders, routes and jobs read rows: every query over a governed entity carries the
 * caller's scope in SQL (`@Governed` on the entity says which class and columns), so root fields, nested fields,
 * references, counts and aggregates are scoped by construction. Reads of audited classes (door trails, face alarms,
 * special-population labels) are noted for the audit log, by row, count or filter.
 */
export class ScopedData {
  readonly loaders: LoaderRegistry;
  private readonly reads: Map<string, AuditedRead>;

  constructor(
    private readonly db: DataSource,
    readonly identity: Identity,
    private readonly manager?: EntityManager,
    reads?: Map<string, AuditedRead>,
  ) {
    this.reads = reads ?? new Map();
    this.loaders = new LoaderRegistry(this);
  }

  /** Background work (jobs, delivery, retention): reaches every row; its reads of audited classes are audited as the job. */
  static system(db: DataSource, name: string): ScopedData {
    return new ScopedData(db, systemIdentity(name));
  }

  /** The caller's scope over a class (for decisions such as "serve a parent's page whole or not at all"). */
  scope(data: DataClass, options: { write?: boolean } = {}): Scope {
    return scopeOf(this.identity, data, options);
  }

  /** The dialect (SQL that differs between SQLite and MySQL). */
  get dialect(): 'sqlite' | 'mysql' {
    return this.db.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  /** Metadata and driver (column conversion, escaping): no rows. */
  get connection(): Pick<DataSource, 'getMetadata' | 'driver' | 'options'> {
    return this.db;
  }

  /** A query over a governed entity, restricted to the caller's scope (`write: true`: to the rows it may change). */
  query<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, options: { write?: boolean } = {}): SelectQueryBuilder<E> {
    const governance = governanceOf(entity);
    const qb = (this.manager ?? this.db.manager).getRepository(entity).createQueryBuilder(alias);
    const columns = columnsFor(governance, alias);
    applyScope(qb, scopeOf(this.identity, governance.data, options), columns);
    if (governance.restricted) {
      const { sql, params } = scopeCondition(scopeOf(this.identity, governance.restricted.data, options), columns);
      qb.andWhere(`(NOT (${governance.restricted.when.replaceAll('{alias}', alias)}) OR ${sql})`, params);
    }
    return governance.audit ? this.watch(qb, governance) : qb;
  }

  /**
   * `EXISTS (…)` over a governed entity, scoped like `query`, for a filter on another table (persons with a tag).
   * Filtering by an audited class is itself audited (a count of persons with a label tells about the label).
   */
  exists<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string, where: string, params: Record<string, unknown>): { sql: string; params: Record<string, unknown> } {
    const governance = governanceOf(entity);
    const table = this.db.getMetadata(entity).tableName;
    const scope = scopeCondition(scopeOf(this.identity, governance.data), columnsFor(governance, alias));
    if (governance.audit && (governance.audit.whenFilter?.(params) ?? true))
      this.note(governance, ['filter'], [`filter:${Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join('&')}`]);
    return { sql: `EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${where} AND ${scope.sql})`, params: { ...params, ...scope.params } };
  }

  /** Runs `fn` in a transaction; its queries are scoped like this one's and its audit notes join this request's. */
  transaction<T>(fn: (tx: ScopedData & { writer: Writer }) => Promise<T>): Promise<T> {
    if (this.manager) return fn(this as ScopedData & { writer: Writer });
    return this.db.transaction((manager) => fn(new ScopedData(this.db, this.identity, manager, this.reads) as ScopedData & { writer: Writer }));
  }

  /** Inserts, updates and deletes of the current transaction (outside one: autocommit). */
  get writer(): Writer {
    return this.manager ?? this.db.manager;
  }

  /**
   * The row `id` of a governed entity for a change: NOT_FOUND when missing or unreadable (scope never reveals
   * existence), FORBIDDEN when readable but outside what the caller may change.
   */
  async writable<E extends ObjectLiteral>(entity: EntityTarget<E>, id: number | string, options: { lock?: boolean } = {}): Promise<E> {
    const governance = governanceOf(entity);
    const pk = this.db.getMetadata(entity).primaryColumns[0]!.propertyName;
    const read = this.query(entity, 'w').andWhere(`w.${pk} = :__id`, { __id: id });
    if (options.lock && this.manager && this.dialect === 'mysql') read.setLock('pessimistic_write');
    const row = await read.getOne();
    if (!row) throw notFound(governance.typeName, id);
    const scope = scopeOf(this.identity, governance.data, { write: true });
    if (scope.kind !== 'all') {
      const n = await this.query(entity, 'w', { write: true }).andWhere(`w.${pk} = :__id`, { __id: id }).getCount();
      if (n === 0) throw forbidden(`${governance.typeName} ${id} is outside what you may change`, { role: this.identity.role });
    }
    return row;
  }

  /** For a new row placed under owners the caller names (a grid, a complex): FORBIDDEN unless it may write there. */
  requireWritableTarget(data: DataClass, row: ScopedRow, what: string): void {
    if (!inScope(scopeOf(this.identity, data, { write: true }), row)) throw forbidden(`${what} is outside what you may change`, { role: this.identity.role });
  }

  /** Reads of audited classes this request made, merged; emptied by the audit plugin when it writes them. */
  takeAuditedReads(): AuditedRead[] {
    const out = [...this.reads.values()].filter((r) => r.targetIds.length);
    this.reads.clear();
    return out;
  }

  private note(governance: Governance, ids: (string | number)[], fields: string[] = []): void {
    const rule = governance.audit!;
    const type = rule.target?.type ?? governance.typeName;
    const allFields = [...(rule.target?.fields ?? []), ...fields];
    const key = `${rule.as}:${type}:${allFields.join(',')}`;
    const existing = this.reads.get(key);
    if (existing) existing.targetIds.push(...ids);
    else this.reads.set(key, { data: rule.as, targetType: type, targetIds: [...ids], fields: allFields });
  }

  /** Notes the rows (or the count) an audited query returns, on this builder and on its clones (a page's count). */
  private watch<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, governance: Governance): SelectQueryBuilder<E> {
    const rule = governance.audit!;
    const pk = (row: ObjectLiteral) => rule.target?.id(row) ?? (row as { id?: string | number }).id ?? '?';
    const audited = (rows: E[]) => (rule.when ? rows.filter((r) => rule.when!(r)) : rows);
    const getMany = qb.getMany.bind(qb);
    const getOne = qb.getOne.bind(qb);
    const getCount = qb.getCount.bind(qb);
    const getRawMany = qb.getRawMany.bind(qb);
    const clone = qb.clone.bind(qb);
    qb.getMany = async () => {
      const rows = await getMany();
      const noted = audited(rows);
      if (noted.length) this.note(governance, noted.map(pk));
      return rows;
    };
    qb.getOne = async () => {
      const row = await getOne();
      if (row && audited([row]).length) this.note(governance, [pk(row)]);
      return row;
    };
    qb.getCount = async () => {
      const n = await getCount();
      this.note(governance, [`count:${n}`], ['count']);
      return n;
    };
    qb.getRawMany = async <T = unknown>() => {
      const rows = (await getRawMany()) as T[];
      this.note(governance, [`rows:${rows.length}`], ['aggregate']);
      return rows;
    };
    qb.clone = () => this.watch(clone(), governance);
    return qb;
  }
}

// Loaders live beside the data access they read through (the registry is created per request with it).
/**
 * A loader definition: a name and a factory. Resolvers ask the per-request registry for it
 * (`ctx.loaders.get(personById)`), so every request gets fresh caches and batches across the whole request.
 */
export interface LoaderDef<K, V> {
  readonly name: string;
  /** Builds the request's loader over the caller's scoped data access: every statement it issues is scoped. */
  readonly make: (data: ScopedData) => DataLoader<K, V, unknown>;
}

export const defineLoader = <K, V>(name: string, make: (data: ScopedData) => DataLoader<K, V, unknown>): LoaderDef<K, V> => ({
  name,
  make,
});

/** Per-request registry of DataLoaders; a loader is created on first use. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown, unknown>>();
  constructor(private readonly data: ScopedData) {}

  get<K, V>(def: LoaderDef<K, V>, variant = ''): DataLoader<K, V, unknown> {
    const key = variant ? `${def.name}:${variant}` : def.name;
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = def.make(this.data) as DataLoader<unknown, unknown, unknown>;
      observeBatches(loader, def.name, this.data);
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

function observeBatches(loader: DataLoader<unknown, unknown, unknown>, name: string, data: ScopedData): void {
  const metrics = metricsOf(data.connection as DataSource);
  type BatchFn = (keys: readonly unknown[]) => PromiseLike<ArrayLike<unknown>>;
  const inner = loader as unknown as Record<typeof BATCH_FN, BatchFn | undefined>;
  const batch = inner[BATCH_FN];
  if (!metrics || typeof batch !== 'function') return;
  inner[BATCH_FN] = (keys) => {
    metrics.loaderBatchSize.observe({ loader: name }, keys.length);
    return batch(keys);
  };
}

