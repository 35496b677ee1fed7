import type { DataSource } from 'typeorm';
import type { LoaderRegistry } from './db/loaders';
import type { Identity } from './identity';
import type { Logger } from './log';

/** What every resolver of every subgraph receives as `@Ctx()`. */
export interface GridhubContext<S = unknown> {
  db: DataSource;
  loaders: LoaderRegistry;
  requestId: string;
  log: Logger;
  /** The caller, verified from the gateway-signed token; a request without one never reaches a resolver. */
  identity: Identity;
  /** What the subgraph's definition hands its resolvers: the instance's options and clients (`SubgraphDefinition.services`). */
  services: S;
}
