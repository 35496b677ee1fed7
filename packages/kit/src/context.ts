import type { ScopedData } from './data/scoped-data';
import type { LoaderRegistry } from './data/scoped-data';
import type { Identity } from './identity';
import type { Logger } from './log';

/** What every resolver of every subgraph receives as `@Ctx()`. */
export interface GridhubContext<S = unknown> {
  /** The only way to rows: every query carries the caller's scope (see `ScopedData`). There is no raw database here. */
  data: ScopedData;
  /** The request's loaders (`data.loaders`): batched, cached per request, scoped. */
  loaders: LoaderRegistry;
  requestId: string;
  log: Logger;
  /** The caller, verified from the gateway-signed token; a request without one never reaches a resolver. */
  identity: Identity;
  /** What the subgraph's definition hands its resolvers: the instance's options and clients (`SubgraphDefinition.services`). */
  services: S;
}
