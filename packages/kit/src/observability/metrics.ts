import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Seconds: from a cached lookup (1 ms) to a slow cross-tier query (10 s). */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

export interface ServiceMetricsOptions {
  /** Also collect Node's process metrics (CPU, memory, event-loop lag, GC) into this registry. Default true. */
  processMetrics?: boolean;
}

/** What an outbox reports on each scrape. */
export interface OutboxState {
  /** Rows not delivered yet. */
  backlog: number;
  /** Age of the oldest undelivered row in seconds (0 when the outbox is empty). */
  oldestAgeSeconds: number;
}

/**
 * The Prometheus series of one service, in a registry of its own (`/metrics`), so services started in one process
 * (the embedded hub, tests) never collide. Every series name starts with `gridhub_`; `service` is a default label.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  /** GraphQL operations by name (`anonymous` when unnamed) and outcome (`ok` / `error`). */
  readonly operations: Counter<'operation' | 'outcome'>;
  readonly operationSeconds: Histogram<'operation'>;
  /** Errors in responses, by `extensions.code`. */
  readonly errors: Counter<'code'>;
  /** Keys per DataLoader batch, by loader name. */
  readonly loaderBatchSize: Histogram<'loader'>;
  /** Subgraph fetches (gateway), by subgraph and outcome. */
  readonly subgraphFetches: Counter<'subgraph' | 'outcome'>;
  readonly subgraphFetchSeconds: Histogram<'subgraph'>;
  /** Subgraph fetches the gateway did not send because an identical one was in flight (in-flight deduplication). */
  readonly subgraphFetchesDeduplicated: Counter<'subgraph'>;
  /** Ingested records by outcome: accepted / duplicate / rejected. */
  readonly ingested: Counter<'outcome'>;
  /** Outbox messages that became dead letters, by outbox and code (a receiver's terminal refusal, or out of attempts). */
  readonly outboxDeadLetters: Counter<'outbox' | 'code'>;
  /** Gauges read on each scrape (pool, outbox, supergraph version). */
  private readonly gauges: Gauge[] = [];

  constructor(readonly service: string, options: ServiceMetricsOptions = {}) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'gridhub_' });
    this.operations = new Counter({ name: 'gridhub_graphql_operations_total', help: 'GraphQL operations executed, by operation name and outcome', labelNames: ['operation', 'outcome'], registers });
    this.operationSeconds = new Histogram({ name: 'gridhub_graphql_operation_duration_seconds', help: 'GraphQL operation latency, by operation name', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers });
    this.errors = new Counter({ name: 'gridhub_graphql_errors_total', help: 'Errors in GraphQL responses, by error code', labelNames: ['code'], registers });
    this.loaderBatchSize = new Histogram({ name: 'gridhub_dataloader_batch_size', help: 'Keys per DataLoader batch, by loader', labelNames: ['loader'], buckets: BATCH_BUCKETS, registers });
    this.subgraphFetches = new Counter({ name: 'gridhub_subgraph_fetches_total', help: 'Fetches from the gateway to a subgraph, by subgraph and outcome', labelNames: ['subgraph', 'outcome'], registers });
    this.subgraphFetchSeconds = new Histogram({ name: 'gridhub_subgraph_fetch_duration_seconds', help: 'Subgraph fetch latency seen by the gateway', labelNames: ['subgraph'], buckets: LATENCY_BUCKETS, registers });
    this.subgraphFetchesDeduplicated = new Counter({
      name: 'gridhub_subgraph_fetches_deduplicated_total',
      help: 'Subgraph fetches answered by an identical fetch already in flight for the same caller, by subgraph',
      labelNames: ['subgraph'],
      registers,
    });
    this.ingested = new Counter({ name: 'gridhub_ingested_records_total', help: 'Ingested records by outcome (accepted, duplicate, rejected)', labelNames: ['outcome'], registers });
    this.outboxDeadLetters = new Counter({
      name: 'gridhub_outbox_dead_letters_total',
      help: 'Outbox messages refused for good by their receiver (or out of attempts): dead letters an administrator lists and retries',
      labelNames: ['outbox', 'code'],
      registers,
    });
  }

  /** One more dead letter (alert on any increase). `code` is one of a handful (TERMINAL_REFUSALS, ATTEMPTS_EXHAUSTED). */
  recordDeadLetter(outbox: string, code: string): void {
    this.outboxDeadLetters.inc({ outbox, code });
  }

  /** Prometheus text exposition of every series. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  recordIngestion(counts: { accepted: number; duplicates: number; rejected: number }): void {
    this.ingested.inc({ outcome: 'accepted' }, counts.accepted);
    this.ingested.inc({ outcome: 'duplicate' }, counts.duplicates);
    this.ingested.inc({ outcome: 'rejected' }, counts.rejected);
  }

  /** Connections of the database pool by state (`used` / `idle` / `max`), read on each scrape. */
  trackDatabase(db: DataSource): void {
    const registers = [this.registry];
    this.gauges.push(new Gauge({
      name: 'gridhub_db_pool_connections',
      help: 'Database pool connections by state (used, idle, max)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = poolOf(db);
        this.set({ state: 'used' }, pool.used);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'max' }, pool.max);
      },
    }));
  }

  /** Outbox backlog and delivery lag, asked on each scrape (a failed read leaves the last values). */
  trackOutbox(name: string, read: () => Promise<OutboxState>): void {
    const registers = [this.registry];
    // One read per scrape serves both gauges (the registry collects them concurrently, backlog first).
    let reading: Promise<OutboxState | undefined> | undefined;
    const readOnce = () => (reading ??= read().catch(() => undefined));
    this.gauges.push(new Gauge({
      name: 'gridhub_outbox_backlog',
      help: 'Outbox rows not delivered yet',
      labelNames: ['outbox'],
      registers,
      async collect() {
        const state = await readOnce();
        // Unreadable (database down): /readyz says so; the scrape still answers with the last values.
        if (state) this.set({ outbox: name }, state.backlog);
      },
    }));
    this.gauges.push(new Gauge({
      name: 'gridhub_outbox_delivery_lag_seconds',
      help: 'Age of the oldest undelivered outbox row',
      labelNames: ['outbox'],
      registers,
      async collect() {
        const state = await readOnce();
        reading = undefined;
        if (state) this.set({ outbox: name }, state.oldestAgeSeconds);
      },
    }));
  }

  /** A gauge read on each scrape (e.g. the supergraph version a gateway serves). */
  gauge(name: string, help: string, read: () => number | undefined): void {
    this.gauges.push(new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const value = read();
        if (value !== undefined) this.set(value);
      },
    }));
  }

  /**
   * Apollo Server plugin counting operations (by name and outcome), their latency and the error codes of responses.
   * Errors are counted as formatted, so they carry the code table's codes. `operationLabel` maps the client-chosen
   * operation name to its label (default: the name itself); an edge facing clients bounds it (gateway `useMetrics`).
   */
  apolloPlugin<C extends BaseContext>(operationLabel: (operationName: string | undefined) => string = (name) => name ?? 'anonymous'): ApolloServerPlugin<C> {
    const { errors: errorCount, operations, operationSeconds } = this;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ response, operationName }) {
            const operation = operationLabel(operationName ?? undefined);
            const errors = response.body.kind === 'single' ? response.body.singleResult.errors ?? [] : [];
            for (const error of errors) errorCount.inc({ code: String(error.extensions?.code ?? 'INTERNAL') });
            operations.inc({ operation, outcome: errors.length ? 'error' : 'ok' });
            operationSeconds.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }
}

/** Pool counters of typeorm's drivers: mysql2's pool internals, or the single SQLite connection. */
function poolOf(db: DataSource): { used: number; idle: number; max: number } {
  if (!db.isInitialized) return { used: 0, idle: 0, max: 0 };
  const driver = db.driver as unknown as { pool?: MysqlPool; options: { poolSize?: number } };
  const pool = driver.pool;
  if (!pool) return { used: 0, idle: 1, max: 1 };
  // mysql2 keeps these as public-but-undocumented arrays; absent in another driver version, they read as 0.
  // oxlint-disable-next-line no-underscore-dangle -- mysql2's pool state has no public accessor
  const all = pool._allConnections?.length ?? 0;
  // oxlint-disable-next-line no-underscore-dangle -- idem
  const idle = pool._freeConnections?.length ?? 0;
  return { used: all - idle, idle, max: pool.config?.connectionLimit ?? driver.options.poolSize ?? 10 };
}

interface MysqlPool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  config?: { connectionLimit?: number };
}

/** The table outboxes are kept in (kit `OutboxEntity`, and the subgraphs' own outbox entities before it). */
const OUTBOX_TABLE = 'event_outbox';

/**
 * Backlog and delivery lag of the subgraph's outbox, when its entities include one (undefined otherwise): counts
 * rows not delivered and the age of the oldest.
 */
export function outboxReader(db: DataSource): (() => Promise<OutboxState>) | undefined {
  const meta = db.entityMetadatas.find((m) => m.tableName === OUTBOX_TABLE);
  if (!meta) return undefined;
  return async () => {
    const repo = db.getRepository<{ id: number; createdAt: Date; deliveredAt: Date | null }>(meta.target);
    // Dead letters wait for an administrator, not for delivery: counted by gridhub_outbox_dead_letters_total.
    const dead = meta.findColumnWithPropertyName('deadAt') ? ' AND o.deadAt IS NULL' : '';
    const pending = repo.createQueryBuilder('o').where(`o.deliveredAt IS NULL${dead}`);
    const [backlog, oldest] = await Promise.all([pending.getCount(), pending.clone().orderBy('o.id', 'ASC').getOne()]);
    const oldestAgeSeconds = oldest ? Math.max(0, (Date.now() - new Date(oldest.createdAt).getTime()) / 1000) : 0;
    return { backlog, oldestAgeSeconds };
  };
}

const byDatabase = new WeakMap<DataSource, ServiceMetrics>();

/** Ties a service's metrics to its database, so code that only holds the DataSource (loaders, ingestion) can report. */
export const bindMetrics = (db: DataSource, metrics: ServiceMetrics): void => void byDatabase.set(db, metrics);

/** The metrics of the service owning `db`, if it has any (a bare DataSource in a unit test has none). */
export const metricsOf = (db: DataSource): ServiceMetrics | undefined => byDatabase.get(db);

/** Counts ingested records in the metrics of the service owning `db` (no-op without metrics). */
export const recordIngestion = (db: DataSource, counts: { accepted: number; duplicates: number; rejected: number }): void =>
  metricsOf(db)?.recordIngestion(counts);
