import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity, Logger, Route } from '@gridhub/kit';

/** What every operation executed by the gateway carries as its Apollo context. */
export interface GatewayContext {
  requestId: string;
  log: Logger;
  /** The caller, as `GatewayOptions.authenticate` established it; undefined for an anonymous request. */
  identity?: Identity;
}

/** A request about to leave for a subgraph; headers may still be set. */
export interface SubgraphRequest {
  subgraph: string;
  headers: { set(name: string, value: string): void };
  /** The incoming operation's context; absent when the gateway loads a subgraph's schema. */
  context?: GatewayContext;
}

/**
 * One gateway feature (`useX(options)` returns one). Each hook is optional so a feature declares only what it
 * touches; gateway.ts is the one place that wires them, in order.
 */
export interface GatewayPlugin {
  name: string;
  /** Plain HTTP routes served next to /graphql. */
  routes?: Route[];
  /** Hooks into Apollo Server's request lifecycle. */
  apollo?: ApolloServerPlugin<GatewayContext>;
  /** Runs before each subgraph fetch; throwing fails that fetch only (its error lands in the response). */
  onSubgraphRequest?(request: SubgraphRequest): void | Promise<void>;
}
