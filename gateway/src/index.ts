export { startGateway, type GatewayOptions, type RunningGateway } from './gateway';
export type { SubgraphEndpoint, SupergraphSource } from './supergraph/source';
export type { SupergraphFeed, RegistrySourceOptions } from './supergraph/registry-source';
export type { FileSourceOptions } from './supergraph/file-source';
export type { ServedSupergraph } from './supergraph/hot-swap';
export { DEFAULT_REGISTRY_POLL_MS } from './supergraph/registry-source';
export { DEFAULT_LIMITS, type LimitsOptions } from './plugins/limits';
export { MemoryRateLimitStore, type Bucket, type RateLimitOptions, type RateLimitStore, type Taken } from './plugins/rate-limit';
export { loadManifest, sha256Hex, type TrustedDocumentsManifest, type TrustedDocumentsOptions } from './plugins/trusted-documents';
