import autocannon from 'autocannon';
import type { BenchRequest } from './operations';

/**
 * How concurrent requests relate: `distinct` — every request in flight differs from the others (a shared counter
 * hands each connection the next request of the rotation); `identical` — every connection sends the same request,
 * the shape of the public gateway benchmark, where in-flight deduplication pays off.
 */
export type RequestMode = 'distinct' | 'identical';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  mode: RequestMode;
  /**
   * Open loop: offer this many requests per second in all (autocannon's `overallRate`, spread over the connections)
   * instead of sending each connection's next request as soon as its last is answered.
   */
  rate?: number;
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

/** A GraphQL answer with errors counts as an error (autocannon calls these "mismatches") even with HTTP 200. */
const verifyBody = (body: string | Buffer | undefined) => !String(body ?? '').includes('"errors"');

/**
 * Drives one endpoint with autocannon in this process (the load generator's own: every target runs in another),
 * with the given requests (same URL, different bodies) and `mode`.
 */
export async function measureLoad(requests: BenchRequest[], options: LoadOptions): Promise<LoadResult> {
  const [first] = requests;
  if (!first) throw new Error('no requests to send');
  const url = new URL(first.url);
  let next = 0;
  const pick = () => (options.mode === 'identical' ? first : requests[next++ % requests.length]!);
  const result = await autocannon({
    url: url.origin,
    connections: options.connections,
    ...(options.rate ? { overallRate: options.rate } : {}),
    duration: options.durationSeconds,
    timeout: 10,
    verifyBody,
    requests: [{ method: 'POST', path: url.pathname, setupRequest: (req) => ({ ...req, ...bodyOf(pick()) }) }],
  });
  const elapsed = result.duration || options.durationSeconds;
  return {
    requests: result.requests.total,
    rps: result.requests.total / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.mismatches, // errors include timeouts
  };
}

const bodyOf = (r: BenchRequest) => ({ headers: r.headers, body: r.body });
