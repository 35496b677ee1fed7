export { startHub, type HubOptions, type RunningHub } from './hub';
export { loadConfig, ConfigError, type HubConfig } from './config';
export { tiers, plugins, signedCallHeaders, SERVICE_IDENTITIES, type Tier, type SeedSettings } from './tiers';
export { publishStaticTiers, publishPlugin, BOOTSTRAP_ACTOR, PLUGIN_ACTOR } from './hub';
export {
  registerRegistryCommands, runSubgraphList, runSubgraphCheck, runSubgraphPublish, runSubgraphRemove, runSupergraphHistory,
  runSupergraphRollback, runSupergraphPrint, type RegistryCommandContext,
} from './registry-commands';
export { runServe, runMigrate, subgraphServices, SERVICE_NEEDS, SERVICES } from './serve';
export { loadServiceConfig, type ServiceConfig } from './config';
export { runKeys } from './serve';
