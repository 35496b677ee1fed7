import { join } from 'node:path';
import { clientTokenVerifier, createLogger, loadOrCreateIdentityKeys, loadOrCreateSecret, type DatabaseConfig, type IdentityKeys, type Logger, type RunningSubgraph, startSubgraph } from '@gridhub/kit';
import { startGateway, type RunningGateway } from '@gridhub/gateway';
import { buildPlan, tiers } from './tiers';

type Progress = (done: number, total: number, label: string) => void;

export interface HubOptions {
  database: DatabaseConfig;
  /** Keys and secrets generated on first start live here (and the SQLite files, unless database.dataDir says otherwise). */
  dataDir: string;
  /** HS256 secret for client tokens (default: generated once into the data folder). */
  jwtSecret?: string;
  host?: string;
  /** Gateway port (0 = ephemeral). */
  gatewayPort?: number;
  /** First subgraph port; the others follow (0 = every subgraph on an ephemeral port). */
  subgraphPortBase?: number;
  /** Seed an empty database first (scale, PRNG seed); false to start empty. */
  seed?: { scale: number; seed: number } | false;
  production?: boolean;
  log?: Logger;
  /** The gateway's identity-signing keys (default: kept in the data folder, created on first start). */
  identityKeys?: IdentityKeys;
  progress?: (label: string) => Progress;
}

export interface RunningHub {
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  identityKeys: IdentityKeys;
  /** The HS256 secret client tokens are checked against (embedded default). */
  jwtSecret: string;
  /** Stops the gateway first (no new requests reach subgraphs), then the subgraphs. */
  stop(): Promise<void>;
}

/** The configured client-token secret, or the one generated into the data folder on first start. */
export const clientSecret = (dataDir: string, configured?: string): string =>
  configured ?? loadOrCreateSecret(join(dataDir, 'keys', 'jwt-secret'));

/** Starts every subgraph of the static graph and the gateway in this process: the embedded default. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const log = options.log ?? createLogger('hub');
  const identityKeys = options.identityKeys ?? (await loadOrCreateIdentityKeys(join(options.dataDir, 'keys', 'gateway-identity.jwk')));
  const jwtSecret = clientSecret(options.dataDir, options.jwtSecret);
  const base = options.subgraphPortBase ?? 0;
  const subgraphs: Record<string, RunningSubgraph> = {};
  try {
    for (const [i, tier] of tiers.entries()) {
      subgraphs[tier.definition.name] = await startSubgraph(tier.definition, {
        port: base === 0 ? 0 : base + i,
        host: options.host,
        database: options.database,
        identity: { publicKeys: identityKeys.publicJwks },
        production: options.production,
        log: log.child({ subgraph: tier.definition.name }),
      });
    }
    if (options.seed) {
      const plan = buildPlan(options.seed);
      for (const tier of tiers) {
        const name = tier.definition.name;
        await tier.seed(subgraphs[name]!.db, plan, options.progress?.(`seed ${name}`));
      }
    }
    const verify = clientTokenVerifier({ secret: jwtSecret });
    const gateway = await startGateway({
      identityKeys,
      authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
      subgraphs: Object.values(subgraphs).map((s) => ({ name: s.name, url: s.url })),
      port: options.gatewayPort ?? 0,
      host: options.host,
      production: options.production,
      log: log.child({ service: 'gateway' }),
    });
    return {
      gateway,
      subgraphs,
      identityKeys,
      jwtSecret,
      async stop() {
        await gateway.stop();
        for (const sg of Object.values(subgraphs).reverse()) await sg.stop();
      },
    };
  } catch (err) {
    for (const sg of Object.values(subgraphs).reverse()) await sg.stop().catch(() => undefined);
    throw err;
  }
}
