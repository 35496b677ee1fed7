import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchRequest } from './operations';

export interface LoadOptions {
  connections: number;
  /** Measured seconds (after `warmupSeconds` of the same load, not counted). */
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  requests: number;
  /** Completed requests per second over the measured window. */
  rps: number;
  p50: number;
  p99: number;
  /** Network errors, timeouts, non-2xx answers and GraphQL answers with errors. */
  errors: number;
}

/**
 * Drives one endpoint with autocannon in a worker thread (the hub under test owns the main thread's event loop),
 * rotating through the given requests (same URL, different variables).
 */
export async function measureLoad(requests: BenchRequest[], options: LoadOptions): Promise<LoadResult> {
  const [first] = requests;
  if (!first) throw new Error('no requests to send');
  const url = new URL(first.url);
  const run = (duration: number) =>
    autocannon({
      url: url.origin,
      connections: options.connections,
      duration,
      workers: 1,
      timeout: 10,
      // In workers mode autocannon takes the path of a module exporting the function (its types know only the function).
      verifyBody: join(__dirname, 'verify-body.js') as unknown as () => boolean,
      requests: requests.map((r) => ({ method: 'POST', path: new URL(r.url).pathname, headers: r.headers, body: r.body })),
    });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const result = await run(options.durationSeconds);
  const elapsed = result.duration || options.durationSeconds;
  return {
    requests: result.requests.total,
    rps: result.requests.total / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.mismatches, // errors include timeouts
  };
}
