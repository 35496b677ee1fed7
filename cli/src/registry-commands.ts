import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { createLogger, loadOrCreateIdentityKeys, type DatabaseConfig } from '@gridhub/kit';
import { openRegistry, type CheckResult, type PublishResult, type Registry, type RegistryError, type RollbackResult, type SchemaChange } from '@gridhub/registry';
import { loadConfig } from './config';
import { scaffoldSubgraph } from './scaffold';
import { reportText, verifySubgraph } from './verify';
import { subgraphs } from './subgraphs';

/** Where registry commands work and write: the same database as `gridhub start`, and the output streams. */
export interface RegistryCommandContext {
  database: DatabaseConfig;
  /** Holds the gateway key (`keys/gateway-identity.jwk`), used to fetch a subgraph's SDL when none is given. */
  dataDir: string;
  out(text: string): void;
  err(text: string): void;
}

export interface SubgraphOptions {
  url?: string;
  sdl?: string;
  owner?: string;
  tier?: string;
  platform?: string;
  allowBreaking?: boolean;
  actor?: string;
  json?: boolean;
}

/** Exit codes: 0 done, 1 refused (the reasons are printed), 2 usage errors are commander's. */
type ExitCode = number;

const defaultActor = () => `cli:${userInfo().username}`;

export async function withRegistry<T>(ctx: RegistryCommandContext, fn: (registry: Registry) => Promise<T>): Promise<T> {
  const keyFile = join(ctx.dataDir, 'keys', 'gateway-identity.jwk');
  // Only an existing key: one created here would not be the key the running subgraphs trust.
  const identityKeys = existsSync(keyFile) ? await loadOrCreateIdentityKeys(keyFile) : undefined;
  // Logs go to stderr: stdout carries only results (`supergraph print` output is an artifact).
  const registry = await openRegistry({ database: ctx.database, identityKeys, reviewed: subgraphs.map((d) => d.name), log: createLogger('registry', { level: 'warn', destination: process.stderr }) });
  try {
    return await fn(registry);
  } finally {
    await registry.close();
  }
}

const errorLine = (e: RegistryError) =>
  `  ✗ ${e.code}${e.reason && e.code !== 'COMPOSITION_ERROR' ? ` (${e.reason})` : ''}${e.location ? ` at ${e.location}` : ''}${e.subgraph ? ` [${e.subgraph}]` : ''}: ${e.message}${e.fix ? `\n    fix: ${e.fix}` : ''}`;
const changeLine = (c: SchemaChange) => `  ${c.severity.padEnd(9)} ${c.location.padEnd(32)} ${c.message}`;

function report(ctx: RegistryCommandContext, result: CheckResult | PublishResult | RollbackResult, json: boolean | undefined, success: (text: string[]) => void): ExitCode {
  if (json) {
    ctx.out(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    ctx.err(`refused:\n${result.errors.map(errorLine).join('\n')}`);
    if ('changes' in result && result.changes?.length) ctx.err(`changes:\n${result.changes.map(changeLine).join('\n')}`);
    return 1;
  }
  const lines: string[] = [];
  success(lines);
  if ('changes' in result && result.changes.length) lines.push('changes:', ...result.changes.map(changeLine));
  if ('hints' in result && result.hints.length) lines.push(`${result.hints.length} composition hints (--json shows them)`);
  ctx.out(lines.join('\n'));
  return 0;
}

function subgraphInput(name: string, opts: SubgraphOptions) {
  if (!opts.url) throw new Error('--url is required: the routing URL the gateway will call');
  return { name, url: opts.url, sdl: opts.sdl === undefined ? undefined : readFileSync(opts.sdl, 'utf8'), owner: opts.owner, tier: opts.tier, platform: opts.platform };
}

export async function runSubgraphList(ctx: RegistryCommandContext, opts: { json?: boolean } = {}): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const current = await registry.current();
    const subgraphs = current?.subgraphs ?? [];
    if (opts.json) ctx.out(JSON.stringify(subgraphs.map(({ sdl: _sdl, ...s }) => s), null, 2));
    else if (!current) ctx.out('no supergraph published yet');
    else {
      ctx.out(`supergraph version ${current.version}:`);
      for (const s of subgraphs) ctx.out(`  ${s.name.padEnd(14)} ${s.url.padEnd(36)} tier=${s.tier ?? '-'} owner=${s.owner ?? '-'} platform=${s.platform ?? '-'}`);
    }
    return 0;
  });
}

export async function runSubgraphCheck(ctx: RegistryCommandContext, name: string, opts: SubgraphOptions & { remove?: boolean }): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const change = opts.remove ? { kind: 'remove' as const, name } : { kind: 'publish' as const, subgraphs: [subgraphInput(name, opts)] };
    const result = await registry.check(change, { allowBreaking: opts.allowBreaking });
    return report(ctx, result, opts.json, (lines) => {
      if (!result.ok) return;
      lines.push(result.unchanged ? 'passes: nothing would change' : `passes: would become version ${(result.baseVersion ?? 0) + 1}`);
    });
  });
}

export async function runSubgraphPublish(ctx: RegistryCommandContext, name: string, opts: SubgraphOptions): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const result = await registry.publish(subgraphInput(name, opts), opts.actor ?? defaultActor(), { allowBreaking: opts.allowBreaking });
    return report(ctx, result, opts.json, (lines) => {
      if (!result.ok) return;
      lines.push(result.unchanged ? `unchanged: version ${result.version.version} already holds it` : `published version ${result.version.version}: ${result.version.summary}`);
    });
  });
}

export async function runSubgraphRemove(ctx: RegistryCommandContext, name: string, opts: Pick<SubgraphOptions, 'allowBreaking' | 'actor' | 'json'>): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const result = await registry.remove(name, opts.actor ?? defaultActor(), { allowBreaking: opts.allowBreaking });
    return report(ctx, result, opts.json, (lines) => {
      if (result.ok) lines.push(`published version ${result.version.version}: ${result.version.summary}`);
    });
  });
}

export async function runSupergraphHistory(ctx: RegistryCommandContext, opts: { limit?: number; json?: boolean }): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const versions = await registry.history({ limit: opts.limit });
    if (opts.json) ctx.out(JSON.stringify(versions, null, 2));
    else if (versions.length === 0) ctx.out('no supergraph published yet');
    else {
      for (const v of versions) {
        ctx.out(`${`v${v.version}`.padEnd(6)} ${v.createdAt.toISOString()}  ${v.actor.padEnd(20)} ${v.summary}  [${v.subgraphs.join(', ')}]`);
      }
    }
    return 0;
  });
}

export async function runSupergraphRollback(ctx: RegistryCommandContext, version: number, opts: { actor?: string; json?: boolean }): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const result = await registry.rollback(version, opts.actor ?? defaultActor());
    return report(ctx, result, opts.json, (lines) => {
      if (result.ok) lines.push(`published version ${result.version.version}: ${result.version.summary}`);
    });
  });
}

/**
 * `gridhub subgraph verify [name] --url U`: the conformance run, with the hub gateway's key (the data folder's) and
 * the SDL the registry holds for the name (the name is found by URL when not given). Exit 0 when every check passes.
 */
export async function runSubgraphVerify(ctx: RegistryCommandContext, name: string | undefined, opts: { url: string; budgetMs?: number; json?: boolean }): Promise<ExitCode> {
  const keyFile = join(ctx.dataDir, 'keys', 'gateway-identity.jwk');
  if (!existsSync(keyFile)) {
    ctx.err(`no gateway key at ${keyFile}: run verify where the hub keeps its data (GRIDHUB_DATA_DIR)`);
    return 1;
  }
  const keys = await loadOrCreateIdentityKeys(keyFile);
  const published = await withRegistry(ctx, async (registry) => (await registry.list()).find((s) => (name ? s.name === name : s.url === opts.url)));
  const subgraph = name ?? published?.name;
  if (!subgraph) {
    ctx.err(`no published subgraph has the URL ${opts.url}: name it (gridhub subgraph verify <name> --url …)`);
    return 1;
  }
  const report = await verifySubgraph({ url: opts.url, name: subgraph, keys, publishedSdl: published?.sdl, budgetMs: opts.budgetMs });
  ctx.out(opts.json ? JSON.stringify(report, null, 2) : reportText(report));
  return report.ok ? 0 : 1;
}

/** Writes the supergraph SDL, and nothing else, to stdout: the artifact Apollo Router or Hive Gateway serve. */
export async function runSupergraphPrint(ctx: RegistryCommandContext, opts: { version?: number }): Promise<ExitCode> {
  return withRegistry(ctx, async (registry) => {
    const version = opts.version === undefined ? await registry.current() : await registry.version(opts.version);
    if (!version) {
      ctx.err(opts.version === undefined ? 'no supergraph published yet' : `no supergraph version ${opts.version}`);
      return 1;
    }
    ctx.out(version.supergraphSdl);
    ctx.err(`supergraph version ${version.version} (${version.subgraphs.map((s) => s.name).join(', ')})`);
    return 0;
  });
}

/** The registry commands on the configuration `gridhub start` uses (GRIDHUB_DATA_DIR, GRIDHUB_DATABASE_URL). */
export function contextFromConfig(): RegistryCommandContext {
  const config = loadConfig();
  return {
    database: { dataDir: config.dataDir, url: config.databaseUrl },
    dataDir: config.dataDir,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

export const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${v}`);
  return n;
};

const run = (fn: (ctx: RegistryCommandContext) => Promise<ExitCode>) => async () => {
  process.exitCode = await fn(contextFromConfig());
};

/** `gridhub subgraph list|check|publish|remove` and `gridhub supergraph history|rollback|print`. */
export function registerRegistryCommands(program: Command): void {
  const subgraphOptions = (cmd: Command) =>
    cmd
      .option('--url <url>', 'routing URL the gateway calls')
      .option('--sdl <file>', 'subgraph SDL file (default: fetched from the subgraph\'s _service { sdl }, signed with the hub\'s gateway key)')
      .option('--allow-breaking', 'accept breaking changes of the client-facing API (they are still listed)')
      .option('--json', 'print the result as JSON');

  const subgraph = program.command('subgraph').description('subgraphs in the registry (the hub database)');
  subgraph
    .command('list')
    .description('the subgraphs of the current supergraph version')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => run((ctx) => runSubgraphList(ctx, opts))());
  subgraphOptions(subgraph.command('check <name>').description('check publishing (or --remove-ing) a subgraph against the current version; changes nothing'))
    .option('--remove', 'check removing the subgraph instead')
    .action((name: string, opts: SubgraphOptions & { remove?: boolean }) => run((ctx) => runSubgraphCheck(ctx, name, opts))());
  subgraphOptions(subgraph.command('publish <name>').description('add or replace a subgraph: a new supergraph version if the check passes'))
    .option('--owner <owner>', 'who runs it')
    .option('--tier <tier>', 'subdistrict, community, complex, partner…')
    .option('--platform <code>', 'the code of the platform it fronts (`{ platforms { code } }`): links it, taking its tier and vendor')
    .option('--actor <who>', 'recorded as the publisher', defaultActor())
    .action((name: string, opts: SubgraphOptions) => run((ctx) => runSubgraphPublish(ctx, name, opts))());
  subgraph
    .command('remove <name>')
    .description('remove a subgraph: a new supergraph version if the check passes')
    .option('--allow-breaking', 'accept breaking changes (removing fields clients use)')
    .option('--actor <who>', 'recorded as the publisher', defaultActor())
    .option('--json', 'print the result as JSON')
    .action((name: string, opts: SubgraphOptions) => run((ctx) => runSubgraphRemove(ctx, name, opts))());

  subgraph
    .command('new <name>')
    .description('write a vendor subgraph project (kit, one module extending ResidentialComplex, migration, seed, tests) outside this repository')
    .option('--dir <dir>', 'where to write it (default ./<name>; must be empty)')
    .option('--kit <tarball>', 'a packed @gridhub/kit to depend on (default: this repository\'s kit, packed now)')
    .action((name: string, opts: { dir?: string; kit?: string }) => {
      const dir = scaffoldSubgraph(name, opts);
      process.stdout.write(`written: ${dir}\nnext: cd ${dir} && npm install && npm test\n`);
    });

  subgraph
    .command('verify [name]')
    .description("conformance run against a live subgraph: bad identity tokens refused, _service { sdl } as published, personal fields masked, latency")
    .requiredOption('--url <url>', 'the subgraph\'s GraphQL endpoint')
    .addOption(new Option('--budget-ms <n>', 'slowest answer accepted').argParser(positiveInt).default(1000))
    .option('--json', 'print the report as JSON')
    .action((name: string | undefined, opts: { url: string; budgetMs?: number; json?: boolean }) => run((ctx) => runSubgraphVerify(ctx, name, opts))());

  const supergraph = program.command('supergraph').description('published supergraph versions');
  supergraph
    .command('history')
    .description('published versions, newest first')
    .addOption(new Option('--limit <n>', 'at most n versions').argParser(positiveInt))
    .option('--json', 'print as JSON')
    .action((opts: { limit?: number; json?: boolean }) => run((ctx) => runSupergraphHistory(ctx, opts))());
  supergraph
    .command('rollback <version>')
    .description('make a copy of an earlier version the newest (gateways follow within their poll interval)')
    .option('--actor <who>', 'recorded as the publisher', defaultActor())
    .option('--json', 'print the result as JSON')
    .action((version: string, opts: { actor?: string; json?: boolean }) => run((ctx) => runSupergraphRollback(ctx, positiveInt(version), opts))());
  supergraph
    .command('print')
    .description('write the current supergraph SDL to stdout (serve it with Apollo Router, Hive Gateway, or `gridhub start --supergraph <file>`)')
    .addOption(new Option('--version <n>', 'an earlier version').argParser(positiveInt))
    .action((opts: { version?: number }) => run((ctx) => runSupergraphPrint(ctx, opts))());
}
