import { correlationIdOf } from '@gridhub/kit';
import type { GatewayPlugin } from './plugin';

/**
 * Request ids are the gateway's own (serveHttp `requestIds: 'generate'`): a client cannot choose the id its audit rows
 * carry, nor repeat another request's. A client's `x-request-id` is kept as `correlationId` (length- and
 * charset-limited) and travels beside the request id. Both follow the query to every subgraph it fans out to.
 */
export function useRequestId(): GatewayPlugin {
  return {
    name: 'request-id',
    onContext(context, req) {
      context.correlationId = correlationIdOf(req, 'x-request-id');
    },
    onSubgraphRequest({ headers, context }) {
      if (!context) return;
      headers.set('x-request-id', context.requestId);
      if (context.correlationId) headers.set('x-correlation-id', context.correlationId);
    },
  };
}
