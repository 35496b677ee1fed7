import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@gridhub/kit';

/** What a worker tells the primary once it serves. */
const READY = 'gridhub:worker-ready';

/** Restarts of crashed workers allowed per minute before the primary gives up and exits (a crash loop). */
const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * Runs a service in `workers` processes sharing its listening port (node:cluster): the primary only accepts
 * connections and hands them to the workers in turn, each worker runs `runWorker` (the whole service, with its own
 * caches and in-flight deduplication). A worker that dies is replaced; SIGTERM/SIGINT reach every worker, which
 * drain as a single process would, and the primary exits once all have. With one worker, `runWorker` runs here.
 *
 * Rate-limit buckets are shared between workers as between replicas: in Redis when GRIDHUB_REDIS_URL is set;
 * without it each worker keeps its own (N workers then allow up to N× the configured rate). Caches, in-flight
 * deduplication and identity tokens stay per worker.
 */
export async function runWorkers(workers: number, log: Logger, runWorker: () => Promise<void>): Promise<void> {
  if (workers <= 1) return runWorker();
  if (cluster.isWorker) {
    await runWorker();
    process.send?.(READY);
    return;
  }
  let stopping = false;
  let failed = false;
  const serving = new Set<number>();
  const restarts: number[] = [];
  const fork = (n: number): Worker => cluster.fork({ GRIDHUB_WORKER: String(n) });
  const slots = new Map<number, number>();
  for (let n = 1; n <= workers; n++) slots.set(fork(n).id, n);
  cluster.on('message', (worker, message) => {
    if (message === READY) serving.add(worker.id);
  });
  cluster.on('exit', (worker, code, signal) => {
    const n = slots.get(worker.id) ?? 0;
    slots.delete(worker.id);
    // A worker that could not start (configuration, database) would fail again: stop rather than loop.
    if (!serving.has(worker.id) && !stopping) {
      log.error({ worker: n, code, signal }, `worker ${n} could not start: stopping`);
      stopping = true;
      failed = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    }
    serving.delete(worker.id);
    if (stopping) {
      if (slots.size === 0) {
        log.info('every worker stopped');
        process.exit(failed ? 1 : 0);
      }
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      log.error({ worker: n, code, signal }, `workers keep dying (${restarts.length} in a minute): stopping`);
      stopping = true;
      failed = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (slots.size === 0) process.exit(1);
      return;
    }
    log.error({ worker: n, code, signal }, `worker ${n} died: starting another`);
    slots.set(fork(n).id, n);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers: slots.size }, `${signal}: stopping every worker`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log.info({ workers }, `serving with ${workers} worker processes`);
}
