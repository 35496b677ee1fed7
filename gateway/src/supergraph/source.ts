import { IntrospectAndCompose, type SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@gridhub/kit';
import { fileSupergraphManager, type FileSourceOptions } from './file-source';
import { supergraphIdOf, type ServedSupergraph } from './hot-swap';
import { registrySupergraphManager, type RegistrySourceOptions } from './registry-source';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** Where the gateway's supergraph comes from. One kind per source, one case each in `supergraphManagerOf`. */
export type SupergraphSource =
  /** Introspect running subgraphs (`_service { sdl }`) and compose them at start. */
  | { kind: 'subgraphs'; subgraphs: SubgraphEndpoint[] }
  /** A supergraph SDL already composed (e.g. by the registry or `gridhub compose`); subgraph URLs come from it. */
  | { kind: 'sdl'; sdl: string }
  /** The registry's newest version, followed by polling and hot-swapped (validated first). */
  | ({ kind: 'registry' } & RegistrySourceOptions)
  /** A supergraph SDL file, reloaded (validated first) when it changes. */
  | ({ kind: 'file' } & FileSourceOptions);

/** An Apollo `SupergraphManager` that also tells which supergraph it serves. */
export type SourceManager = SupergraphManager & { served(): ServedSupergraph | undefined };

/** The Apollo `SupergraphManager` serving a source. */
export function supergraphManagerOf(source: SupergraphSource, log: Logger): SourceManager {
  switch (source.kind) {
    case 'subgraphs': {
      const manager = new IntrospectAndCompose({ subgraphs: source.subgraphs, logger: log });
      return Object.assign(manager, { served: () => undefined });
    }
    case 'sdl':
      return { initialize: async () => ({ supergraphSdl: source.sdl }), served: () => ({ id: supergraphIdOf(source.sdl) }) };
    case 'registry':
      return registrySupergraphManager(source, log);
    case 'file':
      return fileSupergraphManager(source, log);
  }
}
