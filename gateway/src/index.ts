export { startGateway, type GatewayOptions, type RunningGateway } from './gateway';
export type { SubgraphEndpoint, SupergraphSource } from './supergraph/source';
