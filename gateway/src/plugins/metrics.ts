import { sendJson, ServiceMetrics } from '@gridhub/kit';
import type { GatewayPlugin } from './plugin';

export interface MetricsOptions {
  /** The registry the series go to (default: a new one for service `gateway`). */
  metrics?: ServiceMetrics;
  /** The registry version of the supergraph being served (`gridhub_supergraph_version`); undefined when not from the registry. */
  supergraphVersion?(): number | undefined;
  /** Path of the Prometheus endpoint (default `/metrics`). */
  path?: string;
  /**
   * The operation names that keep a label of their own: the registered operations (trusted documents); any other
   * name is counted as `unregistered` (an unregistered document is refused unparsed, so it counts as `anonymous`). Without it, the first `maxOperationNames` distinct names keep their own label
   * and later ones are counted as `other`. Either way a client choosing names cannot grow the series without bound.
   */
  operationNames?: ReadonlySet<string>;
  /** Default 200. */
  maxOperationNames?: number;
}

/** The label an operation is counted under (see `MetricsOptions.operationNames`). */
export function operationLabeler(options: Pick<MetricsOptions, 'operationNames' | 'maxOperationNames'>): (name: string | undefined) => string {
  const registered = options.operationNames;
  if (registered) return (name) => (name === undefined ? 'anonymous' : registered.has(name) ? name : 'unregistered');
  const seen = new Set<string>();
  const max = options.maxOperationNames ?? 200;
  return (name) => {
    if (name === undefined) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= max) return 'other';
    seen.add(name);
    return name;
  };
}

/**
 * `GET /metrics` in Prometheus text format: operations by (bounded) name and outcome with their latency, errors by code,
 * fetches per subgraph with their latency and outcome, the supergraph version served, and Node's process metrics.
 * Unauthenticated like the health probes: keep it on the internal network (the compose file's nginx does not route it).
 */
export function useMetrics(options: MetricsOptions = {}): GatewayPlugin & { metrics: ServiceMetrics } {
  const metrics = options.metrics ?? new ServiceMetrics('gateway');
  if (options.supergraphVersion) metrics.gauge('gridhub_supergraph_version', 'Registry version of the supergraph being served', options.supergraphVersion);
  return {
    name: 'metrics',
    metrics,
    routes: [
      {
        method: 'GET',
        path: options.path ?? '/metrics',
        handle: async (_req, res) => {
          try {
            const text = await metrics.text();
            res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
            res.end(text);
          } catch (err) {
            sendJson(res, 500, { error: String((err as Error).message) });
          }
        },
      },
    ],
    apollo: metrics.apolloPlugin(operationLabeler(options)),
    onSubgraphResponse({ subgraph, seconds, outcome }) {
      metrics.subgraphFetches.inc({ subgraph, outcome });
      metrics.subgraphFetchSeconds.observe({ subgraph }, seconds);
    },
  };
}
