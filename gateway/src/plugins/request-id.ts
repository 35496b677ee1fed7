import type { GatewayPlugin } from './plugin';

/** Forwards the incoming request's id to every subgraph it fans out to, so one id follows a query through every log. */
export function useRequestId(): GatewayPlugin {
  return {
    name: 'request-id',
    onSubgraphRequest({ headers, context }) {
      if (context) headers.set('x-request-id', context.requestId);
    },
  };
}
