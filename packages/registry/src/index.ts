export { openRegistry, Registry, registryEntities, registryMigrations, REGISTRY_DATABASE, type RegistryOptions } from './registry';
export { composeSubgraphs, apiSchemaOf, validateSupergraph, type Composition, type SupergraphValidation } from './compose';
export { diffApiSchemas } from './diff';
export { fetchSubgraphSdl } from './sdl-fetch';
export { lookUpPlatform, type PlatformInfo } from './platforms';
export { RegistryErrorCodes, type RegistryError, type RegistryErrorCode } from './errors';
export type {
  Change, CheckOptions, CheckResult, PublishResult, RollbackResult, SchemaChange, ChangeSeverity, CompositionHintInfo,
  SubgraphInput, SubgraphRecord, SupergraphVersion, VersionSummary, VersionAction,
} from './types';
