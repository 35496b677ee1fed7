/** The gateway's supergraph lifecycle, as data: readiness and stop read it instead of scattered flags. */
export type SupergraphState =
  | { phase: 'loading' }
  | { phase: 'loaded'; supergraphSdl: string }
  | { phase: 'stopping'; supergraphSdl?: string };

/** Ready to take traffic: a supergraph is loaded and the gateway is not draining. */
export function isReady(state: SupergraphState): boolean {
  switch (state.phase) {
    case 'loaded':
      return true;
    case 'loading':
    case 'stopping':
      return false;
  }
}

/** The supergraph being served (while draining, the one served last); undefined before the first load. */
export function supergraphSdlOf(state: SupergraphState): string | undefined {
  switch (state.phase) {
    case 'loading':
      return undefined;
    case 'loaded':
    case 'stopping':
      return state.supergraphSdl;
  }
}
