import { join } from 'node:path';
import {
  clientTokenVerifier, createLogger, IdentityKeyRing, loadOrCreateIdentityKeys, loadOrCreateSecret, startSubgraph, type DatabaseConfig, type IdentityKeys, type IdentityVerification,
  type Logger, type RunningSubgraph, type SeedProgress, type SeedSettings,
} from '@gridhub/kit';
import { startGateway, type RunningGateway } from '@gridhub/gateway';
import { openRegistry, type Registry } from '@gridhub/registry';
import { buildPlan } from '@gridhub/seed';
import { signedCallHeaders, staticSubgraphs, subgraphs as knownSubgraphs, type AnySubgraph } from './subgraphs';

export interface HubOptions {
  database: DatabaseConfig;
  /** Keys and secrets generated on first start live here (and the SQLite files, unless database.dataDir says otherwise). */
  dataDir: string;
  /** HS256 secret for client tokens (default: generated once into the data folder). */
  jwtSecret?: string;
  host?: string;
  /** Gateway port (0 = ephemeral). */
  gatewayPort?: number;
  /**
   * Where subgraph ports start: each subgraph takes its definition's port shifted by (base − 4001), so the
   * default 4001 keeps them as defined (0 = every subgraph on an ephemeral port, as does a definition without one).
   */
  subgraphPortBase?: number;
  /** Seed an empty database first (scale, PRNG seed); false to start empty. */
  seed?: SeedSettings | false;
  production?: boolean;
  /** Browser origins allowed to call the gateway (CORS); default none. */
  corsOrigins?: string[];
  /** The built command-center page (`node web/build.mjs`), served at /command-center/; default not served. */
  commandCenterDir?: string;
  log?: Logger;
  /** The gateway's identity-signing keys (default: kept in the data folder, created on first start). */
  identityKeys?: IdentityKeys;
  progress?: (label: string) => SeedProgress;
  /** How often the gateway looks for a new supergraph version in the registry, in ms (default 2,000). */
  registryPollIntervalMs?: number;
  /** Serve this supergraph SDL file (reloaded when it changes) instead of the registry's current version. */
  supergraphFile?: string;
  /** The subgraphs the hub knows (default cli/src/subgraphs.ts): it runs the static ones. */
  subgraphs?: AnySubgraph[];
  /**
   * Partner plug-ins to run next to the static graph (e.g. `pluginsNamed(['powergrid'])`): started after the
   * static tiers, seeded with them, and published to the registry as a vendor would — never part of the static
   * bootstrap version. Default none.
   */
  plugins?: AnySubgraph[];
}

export interface RunningHub {
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  /** The gateway's signing keys: `identityKeys.rotate()` replaces the key while the hub serves. */
  identityKeys: IdentityKeyRing;
  /** The HS256 secret client tokens are checked against (embedded default). */
  jwtSecret: string;
  /** The subgraph registry in the hub database: the gateway serves its current version. */
  registry: Registry;
  /** Stops the gateway first (no new requests reach subgraphs), then the subgraphs. */
  stop(): Promise<void>;
}

/** The configured client-token secret, or the one generated into the data folder on first start. */
export const clientSecret = (dataDir: string, configured?: string): string =>
  configured ?? loadOrCreateSecret(join(dataDir, 'keys', 'jwt-secret'));

/** Starts every subgraph of the static graph and the gateway in this process: the embedded default. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const log = options.log ?? createLogger('hub');
  const statics = staticSubgraphs(options.subgraphs ?? knownSubgraphs);
  const plugins = options.plugins ?? [];
  for (const plugin of plugins) if (statics.some((d) => d.name === plugin.name)) throw new Error(`plug-in ${plugin.name} has the name of a static tier`);
  const identityKeys = new IdentityKeyRing(options.identityKeys ?? (await loadOrCreateIdentityKeys(join(options.dataDir, 'keys', 'gateway-identity.jwk'))));
  // Subgraphs verify identity tokens with the gateway's public keys only: read from the ring, so rotations reach them.
  const identity: IdentityVerification = { publicKeys: () => identityKeys.publicJwks };
  const jwtSecret = clientSecret(options.dataDir, options.jwtSecret);
  const base = options.subgraphPortBase ?? 0;
  const subgraphs: Record<string, RunningSubgraph> = {};
  // The hub's own subgraphs are reviewed in this repository; the registry's privacy heuristics run on every other.
  const reviewed = [...statics, ...plugins, ...knownSubgraphs].map((d) => d.name);
  const registry = await openRegistry({ database: options.database, identityKeys, reviewed, log: log.child({ service: 'registry' }) });
  const portOf = (definition: AnySubgraph) => (base === 0 || !definition.port ? 0 : definition.port + base - DEFAULT_SUBGRAPH_PORT);
  try {
    // Each one learns the URLs of those started before it (community first).
    for (const definition of [...statics, ...plugins]) {
      subgraphs[definition.name] = await startSubgraph(definition, {
        port: portOf(definition),
        host: options.host,
        database: options.database,
        identity,
        urls: Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])),
        callHeaders: signedCallHeaders(identityKeys, definition),
        jobs: true,
        production: options.production,
        log: log.child({ subgraph: definition.name }),
      });
    }
    if (options.seed) {
      const plan = buildPlan(options.seed);
      for (const definition of [...statics, ...plugins])
        await definition.seed?.(subgraphs[definition.name]!.db, plan, options.seed, options.progress?.(`seed ${definition.name}`));
    }
    const staticTiers = statics.map((d) => subgraphs[d.name]!);
    await publishStaticTiers(registry, staticTiers, log);
    for (const plugin of plugins) await publishPlugin(registry, subgraphs[plugin.name]!, log);
    const verify = clientTokenVerifier({ secret: jwtSecret });
    const gateway = await startGateway({
      identityKeys,
      authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
      supergraph: options.supergraphFile
        ? { kind: 'file', path: options.supergraphFile }
        : { kind: 'registry', registry, pollIntervalMs: options.registryPollIntervalMs },
      registry,
      port: options.gatewayPort ?? 0,
      host: options.host,
      production: options.production,
      cors: { origins: options.corsOrigins ?? [] },
      commandCenterDir: options.commandCenterDir,
      log: log.child({ service: 'gateway' }),
    });
    return {
      gateway,
      subgraphs,
      identityKeys,
      jwtSecret,
      registry,
      async stop() {
        await gateway.stop();
        for (const sg of Object.values(subgraphs).reverse()) await sg.stop();
        await registry.close();
      },
    };
  } catch (err) {
    for (const sg of Object.values(subgraphs).reverse()) await sg.stop().catch(() => undefined);
    await registry.close().catch(() => undefined);
    throw err;
  }
}

/** The first subgraph port of the definitions (community's). */
export const DEFAULT_SUBGRAPH_PORT = 4001;

/** Who the registry records for versions the hub publishes itself. */
export const BOOTSTRAP_ACTOR = 'hub:bootstrap';
/** Who the registry records for plug-ins the hub runs and publishes (`gridhub start --with <plug-in>`). */
export const PLUGIN_ACTOR = 'hub:plugins';

/**
 * Publishes a plug-in the hub runs, as `gridhub subgraph publish` would: a checked publish (unchanged: nothing
 * written). A refusal is logged and the graph stays without it; the hub keeps serving.
 */
export async function publishPlugin(registry: Registry, plugin: RunningSubgraph, log: Logger): Promise<boolean> {
  const result = await registry.publish({ name: plugin.name, url: plugin.url, sdl: plugin.sdl, owner: 'partner', tier: 'partner' }, PLUGIN_ACTOR);
  if (result.ok) {
    if (!result.unchanged) log.info({ version: result.version.version, summary: result.version.summary }, `plug-in ${plugin.name} published to the registry`);
    return true;
  }
  log.error({ errors: result.errors }, `the registry refused plug-in ${plugin.name}; it runs but is not in the graph`);
  return false;
}

/**
 * Publishes the static tiers to the registry: the first version on a fresh hub, and a new one whenever a tier's
 * SDL or URL changed since (a checked publish: an unchanged graph writes nothing). A change the registry refuses
 * (composition errors, breaking changes) is logged and the current version stays served; with no version at all,
 * there is nothing to serve and the start fails.
 */
export async function publishStaticTiers(registry: Registry, subgraphs: RunningSubgraph[], log: Logger): Promise<void> {
  const result = await registry.publish(
    subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: s.sdl, owner: 'gridhub', tier: s.name })),
    BOOTSTRAP_ACTOR,
  );
  if (result.ok) {
    if (!result.unchanged) log.info({ version: result.version.version, summary: result.version.summary }, 'static tiers published to the registry');
    return;
  }
  const summary = result.errors.map((e) => `${e.code}${e.location ? ` at ${e.location}` : ''}: ${e.message}`).join('\n  ');
  if ((await registry.headVersion()) === undefined) throw new Error(`the static tiers do not compose:\n  ${summary}`);
  log.error(
    { errors: result.errors },
    'the static tiers changed in a way the registry refuses; the current version stays served (publish it with `gridhub subgraph publish --allow-breaking` if the break is intended)',
  );
}
