import { IntrospectAndCompose, type SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@gridhub/kit';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/**
 * Where the gateway's supergraph comes from. One kind per source; a registry source (published versions, hot swap)
 * is added as another member here and another case in `supergraphManagerOf`.
 */
export type SupergraphSource =
  /** Introspect running subgraphs (`_service { sdl }`) and compose them at start. */
  | { kind: 'subgraphs'; subgraphs: SubgraphEndpoint[] }
  /** A supergraph SDL already composed (e.g. by the registry or `gridhub compose`); subgraph URLs come from it. */
  | { kind: 'sdl'; sdl: string };

/** The Apollo `SupergraphManager` serving a source. */
export function supergraphManagerOf(source: SupergraphSource, log: Logger): SupergraphManager {
  switch (source.kind) {
    case 'subgraphs':
      return new IntrospectAndCompose({ subgraphs: source.subgraphs, logger: log });
    case 'sdl':
      return { initialize: async () => ({ supergraphSdl: source.sdl }) };
  }
}
