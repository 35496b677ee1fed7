import { identityKey, type ServiceMetrics } from '@gridhub/kit';
import type { GatewayPlugin, SubgraphAnswer, SubgraphFetch } from './plugin';

export interface DedupOptions {
  /** Where `gridhub_subgraph_fetches_deduplicated_total` is counted (the gateway's metrics). */
  metrics?: ServiceMetrics;
}

/**
 * In-flight deduplication (请求合并): a subgraph fetch identical to one already on its way — same subgraph, same
 * body, same caller — waits for that one's answer instead of being sent again. Only queries of incoming operations
 * are shared, never mutations, and never across callers: the key holds the caller's identity, so one caller never
 * gets an answer computed for another's scope. The answer's text is shared; each waiter parses its own copy, so no
 * two operations hold the same objects. Nothing is cached: once the answer is in, the next fetch goes out again.
 */
export function useDedup(options: DedupOptions = {}): GatewayPlugin & { readonly inFlight: number } {
  const inFlight = new Map<string, Promise<SubgraphAnswer>>();
  return {
    name: 'dedup',
    get inFlight() {
      return inFlight.size;
    },
    wrapSubgraphFetch(fetch: SubgraphFetch, send: () => Promise<SubgraphAnswer>) {
      const identity = fetch.context?.identity;
      if (fetch.mutation || !identity) return send();
      const key = `${fetch.subgraph}\n${identityKey(identity)}\n${fetch.body}`;
      const pending = inFlight.get(key);
      if (pending) {
        options.metrics?.subgraphFetchesDeduplicated.inc({ subgraph: fetch.subgraph });
        return pending;
      }
      const answer = send().finally(() => inFlight.delete(key));
      inFlight.set(key, answer);
      return answer;
    },
  };
}
