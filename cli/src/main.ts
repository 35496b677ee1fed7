#!/usr/bin/env node
import { Command, Option } from 'commander';
import { Role } from '@gridhub/kit';
import { runMigrationGenerate, runSeed, runStart, runToken } from './commands';
import { registerRegistryCommands } from './registry-commands';
import { registerSubgraphCommands } from './subgraph-commands';
import { subgraphs } from './subgraphs';
import { registerSchemaCommands } from './schema';
import { runKeys, runMigrate, runServe, SERVICES } from './serve';

const program = new Command('gridhub')
  .description('Gridhub: the GraphQL federation hub of the subdistrict (街道) three-tier platform')
  .showHelpAfterError();

const nameList = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

program
  .command('start')
  .description('start every subgraph and the gateway in one process (embedded SQLite unless GRIDHUB_DATABASE_URL is set), seeding an empty database first')
  .option('--no-seed', 'do not seed an empty database')
  .option('--supergraph <file>', 'serve this supergraph SDL file (reloaded when it changes) instead of the registry\'s current version')
  .option('--with <plug-ins>', 'run only these partner plug-ins (comma-separated; default: all, e.g. powergrid), seeded and published to the registry', nameList)
  .option('--without <plug-ins>', 'do not run these partner plug-ins (comma-separated)', nameList)
  .action((opts: { seed: boolean; supergraph?: string; with?: string[]; without?: string[] }) => runStart(opts));

program
  .command('seed')
  .description('write the deterministic seed data into every subgraph database (re-running adds nothing)')
  .addOption(new Option('--scale <n>', 'multiply the reference counts').argParser(Number).default(1))
  .addOption(new Option('--seed <n>', 'PRNG seed').argParser(Number).default(1))
  .option('--with <plug-ins>', 'seed only these partner plug-ins\' databases (comma-separated; default: all)', nameList)
  .option('--without <plug-ins>', 'do not seed these partner plug-ins\' databases', nameList)
  .action((opts: { scale: number; seed: number; with?: string[]; without?: string[] }) => runSeed(opts));

const idList = (v: string) => v.split(',').map((x) => {
  const n = Number(x.trim());
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a list of ids: ${v}`);
  return n;
});
program
  .command('token')
  .description('print a bare client token (HS256, signed with the hub secret) for the given role and scope')
  .addOption(new Option('--role <role>', 'role').choices(Object.values(Role)).makeOptionMandatory())
  .option('--subject <id>', 'who the token is for', 'cli-user')
  .option('--name <name>', 'display name')
  .addOption(new Option('--community <ids>', 'community ids (COMMUNITY_STAFF)').argParser(idList))
  .addOption(new Option('--grids <ids>', 'grid ids (GRID_WORKER)').argParser(idList))
  .addOption(new Option('--complex <ids>', 'complex ids (COMPLEX_MANAGER)').argParser(idList))
  .option('--agency <name>', 'partner agency (PARTNER)')
  .option('--subgraph <names>', 'subgraph names the vendor owns in the registry (VENDOR), comma-separated', (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
  .option('--expires <span>', 'lifetime, e.g. 12h, 30d', '12h')
  .action((opts) => runToken(opts));

registerSubgraphCommands(program, subgraphs);

const migration = program.command('migration').description('schema migrations');
migration
  .command('generate <subgraph>')
  .description('write a timestamped migration (SQLite and MySQL) holding the changes of the entities and of the reference rows (e.g. a new event category) since the last migration')
  .requiredOption('--name <name>', 'migration name, e.g. AddCareVisitKind')
  .option('--mysql-url <url>', 'MySQL server to diff against (a scratch database is created and dropped)', 'mysql://root@127.0.0.1:3306/')
  .action((subgraph: string, opts: { name: string; mysqlUrl: string }) => runMigrationGenerate(subgraph, opts));

program
  .command('serve <service>')
  .description(`production mode: run ONE service (${SERVICES().join(', ')}) as this process, configured by environment variables; SIGTERM drains and exits 0`)
  .option('--workers <n>', 'gateway only: serve from N processes sharing the port (node:cluster); set GRIDHUB_REDIS_URL so they share rate-limit buckets', (v: string) => Number(v), 1)
  .action((service: string, opts: { workers: number }) => runServe(service, opts));

program
  .command('migrate')
  .description('apply pending schema migrations to every hub database (GRIDHUB_DATABASE_URL), or to one')
  .option('--subgraph <name>', 'only this database (a subgraph name, or hub for the registry)')
  .option('--revert', 'undo the last migration of --subgraph instead')
  .action((opts: { subgraph?: string; revert?: boolean }) => runMigrate(opts));

program
  .command('keys')
  .description('create the secret files a production deployment mounts (signing keys, client-token secret, database password) where missing')
  .option('--dir <dir>', 'folder to write them to', 'docker/secrets')
  .action((opts: { dir: string }) => runKeys(opts));

registerRegistryCommands(program);
registerSchemaCommands(program);

program.parseAsync().catch((err: Error) => {
  console.error(`gridhub: ${err.message}`);
  process.exit(1);
});
