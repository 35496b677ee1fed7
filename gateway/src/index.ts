export { startGateway, type GatewayOptions, type RunningGateway } from './gateway';
export type { SubgraphEndpoint, SupergraphSource } from './supergraph/source';
export { DEFAULT_LIMITS, type LimitsOptions } from './plugins/limits';
export { MemoryRateLimitStore, type Bucket, type RateLimitOptions, type RateLimitStore, type Taken } from './plugins/rate-limit';
export { loadManifest, sha256Hex, type TrustedDocumentsManifest, type TrustedDocumentsOptions } from './plugins/trusted-documents';
