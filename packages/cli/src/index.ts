export { startHub, type HubOptions, type RunningHub } from './hub';
export { loadConfig, ConfigError, type HubConfig } from './config';
export { tiers, type Tier, type SeedSettings } from './tiers';
export { publishStaticTiers, BOOTSTRAP_ACTOR } from './hub';
export {
  registerRegistryCommands, runSubgraphList, runSubgraphCheck, runSubgraphPublish, runSubgraphRemove, runSupergraphHistory,
  runSupergraphRollback, runSupergraphPrint, type RegistryCommandContext,
} from './registry-commands';
