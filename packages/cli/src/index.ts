export { startHub, type HubOptions, type RunningHub } from './hub';
export { loadConfig, ConfigError, type HubConfig } from './config';
export { tiers, type Tier } from './tiers';
