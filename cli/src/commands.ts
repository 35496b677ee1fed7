import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { databaseSchemaOf, dropDatabase, generateMigration, issueClientToken, openDatabase, Role } from '@gridhub/kit';
import { buildPlan, createProgressBar } from '@gridhub/seed';
import { loadConfig } from './config';
import { clientSecret, startHub } from './hub';
import { pluginsNamed, staticSubgraphs, subgraphNamed, type AnySubgraph } from './subgraphs';

const databaseOf = (config: ReturnType<typeof loadConfig>) => ({ dataDir: config.dataDir, url: config.databaseUrl });

/** The command-center page as `node web/build.mjs` builds it (scripts/hub.sh and `npm start` do). */
const COMMAND_CENTER_DIR = join(__dirname, '..', '..', 'web', 'dist');

export async function runStart(opts: { seed: boolean; supergraph?: string; with?: string[]; without?: string[] }): Promise<void> {
  const config = loadConfig();
  const withPlugins = pluginsNamed(opts.with, opts.without);
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

export async function runSeed(opts: { scale: number; seed: number; with?: string[]; without?: string[] }): Promise<void> {
  const config = loadConfig();
  const plan = buildPlan({ scale: opts.scale, seed: opts.seed });
  for (const definition of [...staticSubgraphs(), ...pluginsNamed(opts.with, opts.without)]) {
    const { name, entities, migrations } = databaseSchemaOf(definition);
    if (!definition.seed) continue;
    const db = await openDatabase({ ...databaseOf(config), name, entities, migrations });
    try {
      const summary = await definition.seed(db, plan, opts, createProgressBar(`seed ${name}`));
      console.log(`seed ${name}: ${JSON.stringify(summary)}`);
    } finally {
      await db.destroy();
    }
  }
}

/**
 * The package folder a definition comes from: the folder above the module that exports it (src/ under jest,
 * dist/ when built) holding a package.json. No subgraph path is written down anywhere but in its own folder.
 */
export function definitionFolder(definition: AnySubgraph): string {
  const module = Object.values(require.cache).find((m) => m && Object.values(m.exports ?? {}).includes(definition));
  if (!module) throw new Error(`cannot tell which module exports the ${definition.name} definition`);
  for (let dir = dirname(module.filename); dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  throw new Error(`no package.json above ${module.filename}`);
}

export async function runMigrationGenerate(subgraph: string, opts: { name: string; mysqlUrl: string }): Promise<void> {
  const definition = subgraphNamed(subgraph);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(opts.name)) throw new Error('--name must be PascalCase letters and digits');
  const { name, entities, migrations } = databaseSchemaOf(definition);
  const dir = join(definitionFolder(definition), 'src', 'migrations');
  const timestamp = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'gridhub-migration-'));
  const mysqlUrl = new URL(opts.mysqlUrl);
  mysqlUrl.pathname = `/gen${process.pid}`;
  try {
    const reference = definition.referenceData ?? [];
    const sqlite = await generateMigration({ name, entities, migrations, dataDir: scratch }, 'sqlite', join(dir, 'sqlite'), opts.name, timestamp, reference);
    const mysql = await generateMigration({ name, entities, migrations, url: mysqlUrl.toString() }, 'mysql', join(dir, 'mysql'), opts.name, timestamp, reference);
    console.log(sqlite + mysql === 0 ? 'schema and reference data are current: no migration written' : `wrote ${timestamp}-${opts.name} (sqlite: ${sqlite}, mysql: ${mysql} statements)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await dropDatabase({ url: mysqlUrl.toString(), name });
  }
}

export async function runToken(opts: {
  role: Role; subject: string; name?: string; community?: number[]; grids?: number[]; complex?: number[]; agency?: string; subgraph?: string[]; expires: string;
}): Promise<void> {
  const config = loadConfig();
  const token = await issueClientToken(
    clientSecret(config.dataDir, config.jwtSecret),
    { subject: opts.subject, role: opts.role, name: opts.name, communityIds: opts.community, gridIds: opts.grids, complexIds: opts.complex, agency: opts.agency, subgraphs: opts.subgraph },
    opts.expires,
  );
  process.stdout.write(`${token}\n`);
}
