import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityKeys, dropDatabase, generateMigration, issueClientToken, openDatabase, Role } from '@gridhub/kit';
import { createProgressBar } from '@gridhub/seed';
import { loadConfig } from './config';
import { clientSecret, startHub } from './hub';
import { buildPlan, plugins, tiers, type Tier } from './tiers';

const databaseOf = (config: ReturnType<typeof loadConfig>) => ({ dataDir: config.dataDir, url: config.databaseUrl });

/** The plug-ins named on the command line (`--with powergrid`). */
export function pluginsNamed(names: string[] = []): Tier[] {
  return names.map((name) => {
    const plugin = plugins[name];
    if (!plugin) throw new Error(`unknown plug-in ${name} (known: ${Object.keys(plugins).join(', ')})`);
    return plugin;
  });
}

/** The command-center page as `node web/build.mjs` builds it (scripts/hub.sh and `npm start` do). */
const COMMAND_CENTER_DIR = join(__dirname, '..', '..', 'web', 'dist');

export async function runStart(opts: { seed: boolean; supergraph?: string; with?: string[] }): Promise<void> {
  const config = loadConfig();
  const withPlugins = pluginsNamed(opts.with);
  const hub = await startHub({
    database: databaseOf(config),
    dataDir: config.dataDir,
    jwtSecret: config.jwtSecret,
    host: config.host,
    gatewayPort: config.gatewayPort,
    subgraphPortBase: config.subgraphPortBase,
    seed: opts.seed ? { scale: config.seedScale, seed: config.seed } : false,
    production: config.production,
    corsOrigins: config.corsOrigins,
    commandCenterDir: existsSync(join(COMMAND_CENTER_DIR, 'index.html')) ? COMMAND_CENTER_DIR : undefined,
    progress: createProgressBar,
    supergraphFile: opts.supergraph,
    plugins: withPlugins,
  });
  const explorer = hub.gateway.url.replace(/\/graphql$/, '/explorer');
  const token = await issueClientToken(hub.jwtSecret, { subject: 'admin', role: Role.SUBDISTRICT_ADMIN, name: '街道管理员' });
  console.log(`\nGridhub is up.\n  GraphQL:  ${hub.gateway.url}\n  Explorer: ${explorer}`);
  if (existsSync(join(COMMAND_CENTER_DIR, 'index.html'))) console.log(`  综治中心:  ${explorer.replace(/\/explorer$/, '/command-center/')}#token=${token}`);
  for (const sg of Object.values(hub.subgraphs))
    console.log(`  subgraph ${sg.name.padEnd(12)} ${sg.url}${withPlugins.some((p) => p.name === sg.name) ? '  (plug-in, published to the registry)' : ''}`);
  const served = hub.gateway.supergraphVersion;
  console.log(opts.supergraph ? `  supergraph: file ${opts.supergraph} (reloaded on change)` : `  supergraph: registry version ${served} (\`gridhub supergraph history\`)`);
  console.log(`\nAdministrator token (SUBDISTRICT_ADMIN, 12 h; more with \`gridhub token --role ROLE\`):\n  TOKEN=${token}`);
  console.log(
    `\nTry:\n  curl -s ${hub.gateway.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n` +
      `    -d '{"query":"{ communities { name grids { name residents { totalCount } } } }"}'`,
  );
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the gateway and the subgraphs…`);
    await hub.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A tier's definition for work on its database alone (seed, migrations): no other subgraph is contacted. */
async function offlineDefinition(tier: Tier) {
  const identityKeys = await createIdentityKeys();
  return tier.create({ urls: {}, callHeaders: () => () => ({}), identity: { publicKeys: identityKeys.publicJwks } });
}

export async function runSeed(opts: { scale: number; seed: number; with?: string[] }): Promise<void> {
  const config = loadConfig();
  const plan = buildPlan({ scale: opts.scale, seed: opts.seed });
  for (const tier of [...tiers, ...pluginsNamed(opts.with)]) {
    const { name, entities, migrations } = await offlineDefinition(tier);
    const db = await openDatabase({ ...databaseOf(config), name, entities, migrations });
    try {
      const summary = await tier.seed(db, plan, opts, createProgressBar(`seed ${name}`));
      console.log(`seed ${name}: ${JSON.stringify(summary)}`);
    } finally {
      await db.destroy();
    }
  }
}

export async function runMigrationGenerate(subgraph: string, opts: { name: string; mysqlUrl: string }): Promise<void> {
  const tier = tiers.find((t) => t.name === subgraph) ?? plugins[subgraph];
  if (!tier) throw new Error(`unknown subgraph ${subgraph} (known: ${[...tiers.map((t) => t.name), ...Object.keys(plugins)].join(', ')})`);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(opts.name)) throw new Error('--name must be PascalCase letters and digits');
  const { name, entities, migrations } = await offlineDefinition(tier);
  const dir = join(process.cwd(), 'subgraphs', name, 'src', 'migrations');
  const timestamp = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'gridhub-migration-'));
  const mysqlUrl = new URL(opts.mysqlUrl);
  mysqlUrl.pathname = `/gen${process.pid}`;
  try {
    const sqlite = await generateMigration({ name, entities, migrations, dataDir: scratch }, 'sqlite', join(dir, 'sqlite'), opts.name, timestamp);
    const mysql = await generateMigration({ name, entities, migrations, url: mysqlUrl.toString() }, 'mysql', join(dir, 'mysql'), opts.name, timestamp);
    console.log(sqlite + mysql === 0 ? 'schema is current: no migration written' : `wrote ${timestamp}-${opts.name} (sqlite: ${sqlite}, mysql: ${mysql} statements)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await dropDatabase({ url: mysqlUrl.toString(), name });
  }
}

export async function runToken(opts: {
  role: Role; subject: string; name?: string; community?: number[]; grids?: number[]; complex?: number[]; agency?: string; expires: string;
}): Promise<void> {
  const config = loadConfig();
  const token = await issueClientToken(
    clientSecret(config.dataDir, config.jwtSecret),
    { subject: opts.subject, role: opts.role, name: opts.name, communityIds: opts.community, gridIds: opts.grids, complexIds: opts.complex, agency: opts.agency },
    opts.expires,
  );
  process.stdout.write(`${token}\n`);
}
