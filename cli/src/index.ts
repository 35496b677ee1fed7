export { startHub, type HubOptions, type RunningHub } from './hub';
export { loadConfig, ConfigError, type HubConfig } from './config';
export { subgraphs, staticSubgraphs, pluginsNamed, subgraphNamed, signedCallHeaders, type AnySubgraph } from './subgraphs';
export { publishStaticTiers, publishPlugin, BOOTSTRAP_ACTOR, PLUGIN_ACTOR, DEFAULT_SUBGRAPH_PORT } from './hub';
export {
  registerRegistryCommands, runSubgraphList, runSubgraphCheck, runSubgraphPublish, runSubgraphRemove, runSupergraphHistory,
  runSupergraphRollback, runSupergraphPrint, runSubgraphVerify, type RegistryCommandContext,
} from './registry-commands';
export { scaffoldSubgraph, packKit, type ScaffoldOptions } from './scaffold';
export { verifySubgraph, reportText, type VerifyOptions, type VerifyReport, type VerifyCheck } from './verify';
export { runServe, runMigrate, SERVICES } from './serve';
export { loadServiceConfig, type ServiceConfig } from './config';
export { runKeys } from './serve';
