import { sendJson } from '@gridhub/kit';
import type { ServedSupergraph } from '../supergraph/hot-swap';
import { isReady, type SupergraphState } from '../supergraph/state';
import type { GatewayPlugin } from './plugin';

export interface HealthOptions {
  /** The gateway's current supergraph state (read on every probe). */
  state(): SupergraphState;
  /** Which supergraph is served (registry version, content id), reported by /readyz. */
  served?(): ServedSupergraph | undefined;
}

/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: a supergraph is loaded and the gateway is not
 * draining (readiness), so a load balancer stops sending traffic before a graceful stop closes connections.
 */
export function useHealth(options: HealthOptions): GatewayPlugin {
  return {
    name: 'health',
    routes: [
      { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
      {
        method: 'GET',
        path: '/readyz',
        handle: (_req, res) => {
          const state = options.state();
          const served = options.served?.();
          sendJson(res, isReady(state) ? 200 : 503, { status: state.phase, ...(served ? { supergraphVersion: served.version ?? null, supergraphId: served.id } : {}) });
        },
      },
    ],
  };
}
