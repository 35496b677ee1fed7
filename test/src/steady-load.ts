import type { TestHub } from './hub';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` every `everyMs` until it holds; returns the time it took (ms). */
export async function until(fn: () => Promise<boolean>, timeoutMs: number, everyMs = 25): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await fn()) return performance.now() - start;
    await sleep(everyMs);
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

export interface LoadStats {
  requests: number;
  failures: string[];
}

/** Queries of the static graph (community tier): what clients keep asking while the graph changes around them. */
export const STATIC_QUERIES = ['{ grid(id: 1) { id name kind } }', '{ communities { name grids { id name } } }', '{ person(id: 1) { name grid { name } } }'];

/**
 * A steady stream of queries through the gateway: `concurrency` loops on loopback, each sending the next query as
 * soon as the last one answered, stopping when told or after `maxMs` (bounded). A failure is a non-200 status,
 * any error in the body, or a network error.
 */
export function steadyLoad(t: TestHub, { concurrency = 8, maxMs = 60_000, queries = STATIC_QUERIES } = {}) {
  const stats: LoadStats = { requests: 0, failures: [] };
  const deadline = performance.now() + maxMs;
  const state = { running: true };
  const worker = async (i: number) => {
    for (let n = i; state.running && performance.now() < deadline; n++) {
      try {
        const res = await fetch(t.hub.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
          body: JSON.stringify({ query: queries[n % queries.length] }),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        if (res.status !== 200 || body.errors) stats.failures.push(`${res.status} ${JSON.stringify(body.errors)}`);
      } catch (err) {
        stats.failures.push(String(err));
      }
      stats.requests++;
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return {
    stats,
    async stop() {
      state.running = false;
      await done;
      return stats;
    },
  };
}
