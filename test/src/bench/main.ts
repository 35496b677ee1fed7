// `pnpm bench`: our gateway measured beside Hive Gateway, plain @apollo/gateway and direct subgraph requests, each in a
// process of its own (issue 19). See --help.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, dropDatabase, issueClientToken, loadOrCreateIdentityKeys, type DatabaseConfig } from '@gridhub/kit';
import { startHub, staticSubgraphs } from '@gridhub/cli';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import type { Auth, Role } from './child';
import { judge } from './goals';
import { DEFAULT_INGEST, measureIngestion } from './ingest';
import { measureLoad, type RequestMode } from './load';
import { describeMachine, loadAverage, machine } from './machine';
import { composeNested, NESTED_QUERY, NESTED_SUBGRAPHS } from './nested/subgraphs';
import {
  BENCH_IDENTITY, countStatements, OPERATIONS, prepareBenchData, requestFor, send, type BenchData, type BenchRequest, type Endpoints, type Operation, type TargetKind,
} from './operations';
import { cpuMs, startChild, type Child } from './processes';
import { markdownReport, settingsLine, textTable, type BenchReport, type CpuPerRequest, type ResultRow, type Settings, type Target } from './report';

const HELP = `pnpm bench [-- options]

Seeds the hub's databases, then starts every subgraph in a process of its own and, each in its own process, our
gateway (deduplication off and on), Hive Gateway (off and on) and plain @apollo/gateway; measures each operation
at every target in alternating rounds (medians), with CPU per request of every process; then the nested workload
of the public graphql-gateways-benchmark on four in-memory subgraphs. Prints one table and writes
bench/results/<name>.json and .md.

  --mysql URL          also measure MySQL/MariaDB (e.g. mysql://root@127.0.0.1:3306/; env GRIDHUB_BENCH_MYSQL_URL)
  --no-sqlite          measure MySQL only
  --no-nested          skip the nested workload
  --scale N            dataset scale (default 1)
  --connections N      concurrent connections for the hub's operations (default 10)
  --nested-connections N  concurrent connections for the nested workload (default 50, as the public benchmark)
  --rate N             open loop: offer N req/s in all (spread over the connections) instead of closed-loop load
  --duration S         measured seconds per target and round (default 2)
  --warmup S           warm-up seconds before each measurement, not counted (default 1)
  --nested-duration S  the same for the nested workload, whose 50 concurrent ~85 KB answers take longer (default 6)
  --nested-warmup S    its warm-up (default 3)
  --rounds N           rounds per operation, targets alternated (default 3; medians reported)
  --list-size N        page size of the list operations (default 20)
  --only IDS           comma-separated operation ids (${OPERATIONS.map((o) => o.id).join(', ')}, ingest, nested)
  --identical IDS      hub operations also measured with identical concurrent requests (default person; "none" for none)
  --ingest-records N   records sent in the ingestion run (default ${DEFAULT_INGEST.records})
  --senders N          concurrent ingestion senders (default ${DEFAULT_INGEST.senders})
  --name NAME          results file name under bench/results (default latest)
`;

const ROOT = join(__dirname, '..', '..', '..');
/** Requests rotate through this many variable sets (person ids, search pages). */
const ROTATION = 200;
/** Hub targets per request mode: distinct requests compare the gateways with deduplication off; identical ones add it. */
const HUB_TARGETS: Record<RequestMode, Target[]> = {
  distinct: ['direct', 'gridhub', 'gridhub×2', 'hive', 'apollo'],
  identical: ['gridhub', 'gridhub+dedup', 'hive', 'hive+dedup', 'apollo'],
};
const NESTED_TARGETS: Target[] = ['gridhub', 'gridhub×2', 'gridhub+dedup', 'hive', 'hive+dedup', 'apollo'];
/** The nested query's cost under our default limits (lists without a page size count 10 each) is above 50,000. */
const NESTED_MAX_COST = 10_000_000;

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Options {
  settings: Settings;
  mysqlUrl?: string;
  sqlite: boolean;
  nested: boolean;
  only?: Set<string>;
  identical: Set<string>;
  name: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      mysql: { type: 'string' },
      'no-sqlite': { type: 'boolean' },
      'no-nested': { type: 'boolean' },
      scale: { type: 'string' },
      connections: { type: 'string' },
      'nested-connections': { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'nested-duration': { type: 'string' },
      'nested-warmup': { type: 'string' },
      rounds: { type: 'string' },
      'list-size': { type: 'string' },
      only: { type: 'string' },
      identical: { type: 'string' },
      'ingest-records': { type: 'string' },
      senders: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const positive = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const mysqlUrl = values.mysql ?? (process.env.GRIDHUB_BENCH_MYSQL_URL || undefined);
  const sqlite = !values['no-sqlite'];
  if (!sqlite && !mysqlUrl) throw new Error('--no-sqlite needs --mysql URL');
  const list = (v: string) => new Set(v.split(',').map((s) => s.trim()).filter((s) => s && s !== 'none'));
  return {
    mysqlUrl,
    sqlite,
    nested: !values['no-nested'],
    only: values.only ? list(values.only) : undefined,
    identical: list(values.identical ?? 'person'),
    name: values.name ?? 'latest',
    settings: {
      scale: positive('scale', values.scale, 1),
      connections: positive('connections', values.connections, 10),
      nestedConnections: positive('nested-connections', values['nested-connections'], 50),
      rate: values.rate === undefined ? undefined : positive('rate', values.rate, 0),
      durationSeconds: positive('duration', values.duration, 2),
      warmupSeconds: values.warmup === '0' ? 0 : positive('warmup', values.warmup, 1),
      nestedDurationSeconds: positive('nested-duration', values['nested-duration'], 6),
      nestedWarmupSeconds: positive('nested-warmup', values['nested-warmup'], 3),
      rounds: positive('rounds', values.rounds, 3),
      listSize: positive('list-size', values['list-size'], 20),
      ingest: { ...DEFAULT_INGEST, records: positive('ingest-records', values['ingest-records'], DEFAULT_INGEST.records), senders: positive('senders', values.senders, DEFAULT_INGEST.senders) },
      databases: [],
    },
  };
}

interface Database {
  label: string;
  config: DatabaseConfig;
  cleanup(): Promise<void>;
}

function sqliteDatabase(dataDir: string): Database {
  return { label: 'SQLite', config: { dataDir }, cleanup: async () => undefined };
}

async function mysqlDatabase(base: string): Promise<Database> {
  const url = new URL(base);
  url.pathname = '/gridhub_bench';
  const config = { url: url.toString() };
  const names = [...staticSubgraphs().map((t) => t.name), REGISTRY_DATABASE];
  const drop = async () => {
    for (const name of names) await dropDatabase({ url: config.url, name });
  };
  await drop(); // a previous run that was interrupted
  return { label: 'MySQL', config, cleanup: drop };
}

/** Median of the rounds that have a figure (a round in which no request completed has none for per-request figures). */
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Which child serves a target, and what kind of request it takes. */
const kindOf = (t: Target): TargetKind => (t === 'direct' ? 'direct' : t.startsWith('gridhub') ? 'gateway' : t.startsWith('hive') ? 'hive' : 'apollo');

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  cpu: CpuPerRequest;
  subgraphCalls: number;
}

/**
 * One measurement: warm-up, then the measured window with every process's CPU time and the subgraphs' request
 * counts read before and after it.
 */
async function measure(requests: BenchRequest[], gateway: Child | undefined, subgraphs: Child[], mode: RequestMode, connections: number, s: Settings): Promise<Measured> {
  const load = { connections, mode, rate: s.rate };
  if (s.warmupSeconds > 0) await measureLoad(requests, { ...load, durationSeconds: s.warmupSeconds });
  const served = async () => (await Promise.all(subgraphs.map((c) => c.stats()))).reduce((n, x) => n + x.served, 0);
  const cpuOf = (c: Child) => c.pids.reduce((n, pid) => n + cpuMs(pid), 0);
  const cpu = () => ({ gateway: gateway ? cpuOf(gateway) : 0, subgraphs: subgraphs.reduce((n, c) => n + cpuOf(c), 0), load: cpuMs(process.pid) });
  const servedBefore = await served();
  const before = cpu();
  const result = await measureLoad(requests, { ...load, durationSeconds: s.durationSeconds });
  const after = cpu();
  const servedAfter = await served();
  // No request completed (a starved machine): no per-request figure rather than a division by zero.
  const n = result.requests || Number.NaN;
  return {
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    errors: result.errors,
    requests: result.requests,
    cpu: { ...(gateway ? { gateway: (after.gateway - before.gateway) / n } : {}), subgraphs: (after.subgraphs - before.subgraphs) / n, load: (after.load - before.load) / n },
    subgraphCalls: (servedAfter - servedBefore) / n,
  };
}

/** Medians over rounds, one row per target; targets take turns in each round, starting one later each round. */
async function rounds(
  base: Omit<ResultRow, 'target' | 'throughput' | 'p50Ms' | 'p99Ms' | 'errors' | 'requests' | 'rounds' | 'cpu' | 'subgraphCalls'>,
  targets: { target: Target; requests: BenchRequest[]; gateway?: Child; extra?: Partial<ResultRow> }[],
  subgraphs: Child[],
  s: Settings,
): Promise<ResultRow[]> {
  const samples = new Map<Target, Measured[]>(targets.map((t) => [t.target, []]));
  for (let round = 0; round < s.rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(k + round) % targets.length]!;
      const m = await measure(t.requests, t.gateway, subgraphs, base.mode, base.connections, s);
      samples.get(t.target)!.push(m);
      progress(
        `[${base.database}] ${base.id} ${base.mode} @ ${t.target} round ${round + 1}: ${Math.round(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.errors} errors, ` +
          `CPU ms/req gateway ${m.cpu.gateway?.toFixed(2) ?? '-'} subgraphs ${m.cpu.subgraphs.toFixed(2)} load ${m.cpu.load.toFixed(2)}, subgraph calls/req ${m.subgraphCalls.toFixed(2)}`,
      );
    }
  }
  const rows = targets.map(({ target, extra }): ResultRow => {
    const ms = samples.get(target)!;
    const med = (pick: (m: Measured) => number) => median(ms.map(pick));
    return {
      ...base,
      ...extra,
      target,
      throughput: med((m) => m.rps),
      p50Ms: med((m) => m.p50),
      p99Ms: med((m) => m.p99),
      errors: ms.reduce((n, m) => n + m.errors, 0),
      requests: ms.reduce((n, m) => n + m.requests, 0),
      rounds: ms.map((m) => m.rps),
      cpu: {
        ...(ms[0]?.cpu.gateway !== undefined ? { gateway: med((m) => m.cpu.gateway ?? 0) } : {}),
        subgraphs: med((m) => m.cpu.subgraphs),
        load: med((m) => m.cpu.load),
      },
      subgraphCalls: med((m) => m.subgraphCalls),
    };
  });
  const direct = rows.find((r) => r.target === 'direct');
  const apollo = rows.find((r) => r.target === 'apollo');
  for (const r of rows) {
    if (direct) r.vsDirect = r.throughput / direct.throughput;
    const hive = rows.find((h) => h.target === (r.target.endsWith('+dedup') ? 'hive+dedup' : 'hive'));
    if (hive) r.vsHive = r.throughput / hive.throughput;
    if (apollo) r.vsApollo = r.throughput / apollo.throughput;
  }
  return rows;
}

/** Stops the gateways first (started last), so no request reaches a subgraph that is going away. */
async function stopAll(children: Child[]): Promise<void> {
  for (const c of [...children].reverse()) await c.stop().catch((err) => progress(`stopping ${c.name}: ${String(err)}`));
}

/** Points a supergraph's `@join__graph` URLs at the subgraph processes. */
const withUrls = (supergraph: string, urls: Record<string, string>) =>
  supergraph.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole));

/**
 * The gateway processes of one workload, by target. `auth`: what the other gateways need towards our subgraphs
 * (none for the nested workload's); `ours`: what our gateway checks callers with (it always wants one).
 */
async function startGateways(targets: Target[], supergraph: string, auth: Auth | undefined, ours: Auth, extra: { maxCost?: number; jit?: boolean } = {}): Promise<Map<Target, Child>> {
  const gateways = new Map<Target, Child>();
  for (const target of targets) {
    if (target === 'direct' || gateways.has(target)) continue;
    const dedup = target.endsWith('+dedup');
    const role: Role =
      kindOf(target) === 'gateway'
        ? { kind: 'gridhub', supergraph, auth: ours, dedup, maxCost: extra.maxCost, workers: target === 'gridhub×2' ? 2 : 1 }
        : kindOf(target) === 'hive'
          ? { kind: 'hive', supergraph, auth, dedup, jit: extra.jit ?? false }
          : { kind: 'apollo', supergraph, auth };
    gateways.set(target, await startChild(target, role));
  }
  return gateways;
}

async function benchHub(db: Database, dataDir: string, opts: Options, report: BenchReport): Promise<void> {
  const { settings } = opts;
  const started = performance.now();
  const keysFile = join(dataDir, 'keys', 'gateway-identity.jwk');
  const children: Child[] = [];
  try {
    // Seed (and measure ingestion) with the embedded hub, then stop it: the measured layout is one process per service.
    const hub = await startHub({ database: db.config, dataDir, seed: { scale: settings.scale, seed: 1 }, log: createLogger('bench', { level: process.env.GRIDHUB_LOG_LEVEL ?? 'warn' }) });
    let data: BenchData;
    let supergraph: string;
    let jwtSecret: string;
    try {
      if (db.label === 'MySQL') {
        const [row] = (await hub.subgraphs.complex!.db.query('SELECT VERSION() AS v')) as { v: string }[];
        report.machine.mysqlServer = row?.v;
        db.label = /mariadb/i.test(row?.v ?? '') ? 'MariaDB' : 'MySQL';
      }
      progress(`[${db.label}] seeded at scale ${settings.scale} in ${Math.round((performance.now() - started) / 1000)} s`);
      jwtSecret = hub.jwtSecret;
      const token = await issueClientToken(jwtSecret, BENCH_IDENTITY);
      supergraph = (await hub.registry.current())?.supergraphSdl ?? '';
      if (!supergraph) throw new Error('the registry has no current supergraph');
      data = await prepareBenchData((query, variables) =>
        send({ url: hub.gateway.url, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) }) as never,
        settings.listSize,
      );
      if (!opts.only || opts.only.has('ingest')) {
        const run = await measureIngestion(hub, settings.ingest);
        report.rows.push({
          database: db.label, workload: 'ingest', id: 'ingest', target: 'ingest', mode: 'distinct', connections: settings.ingest.senders, unit: 'records/s',
          operation: `ingest door records (NDJSON, ${settings.ingest.batchSize.toLocaleString('en-US')}/batch, ${settings.ingest.senders} senders; embedded hub, one process)`,
          throughput: run.recordsPerSecond, p50Ms: run.p50, p99Ms: run.p99, errors: run.errors + run.notAccepted, requests: run.batches, rounds: [run.recordsPerSecond],
          statements: { complex: run.statementsPerBatch },
        });
        progress(`[${db.label}] ingest: ${Math.round(run.recordsPerSecond)} records/s, batch p99 ${Math.round(run.p99)} ms`);
      }
    } finally {
      await hub.stop();
    }
    settings.databases.push(db.label);

    // One process per subgraph, in start order (later tiers call earlier ones).
    const urls: Record<string, string> = {};
    const subgraphs: Child[] = [];
    for (const tier of staticSubgraphs()) {
      const child = await startChild(tier.name, { kind: 'hub-subgraph', name: tier.name, database: db.config, keysFile, urls: { ...urls } });
      urls[tier.name] = child.url;
      subgraphs.push(child);
      children.push(child);
    }
    const auth: Auth = { keysFile, jwtSecret };
    const gateways = await startGateways([...HUB_TARGETS.distinct, ...(opts.identical.size ? HUB_TARGETS.identical : [])], withUrls(supergraph, urls), auth, auth);
    children.push(...gateways.values());
    progress(`[${db.label}] ${children.length} processes serving (${children.map((c) => `${c.name} ${c.pid}`).join(', ')})`);

    const identityKeys = await loadOrCreateIdentityKeys(keysFile);
    const clientToken = await issueClientToken(jwtSecret, BENCH_IDENTITY);
    const gatewayUrl = (kind: TargetKind) => [...gateways].find(([t]) => kindOf(t) === kind && !t.endsWith('+dedup'))?.[1].url;
    const endpoints: Endpoints = {
      gateways: { gateway: gatewayUrl('gateway'), hive: gatewayUrl('hive'), apollo: gatewayUrl('apollo') },
      subgraphs: urls,
      identityKeys,
      clientToken,
      statementTotals: async () => Object.fromEntries(await Promise.all(subgraphs.map(async (c) => [c.name, (await c.stats()).sql] as const))),
    };

    for (const op of OPERATIONS) {
      if (opts.only && !opts.only.has(op.id)) continue;
      await benchOperation(op, db.label, endpoints, data, gateways, subgraphs, opts, report);
    }
  } finally {
    await stopAll(children);
  }
}

async function benchOperation(
  op: Operation, database: string, endpoints: Endpoints, data: BenchData, gateways: Map<Target, Child>, subgraphs: Child[], opts: Options, report: BenchReport,
): Promise<void> {
  const { settings } = opts;
  const requestsOf = async (kind: TargetKind, url?: string) => {
    const list: BenchRequest[] = [];
    for (let i = 0; i < ROTATION; i++) {
      const r = await requestFor(op, kind, endpoints, data, i);
      if (r) list.push(url ? { ...r, url } : r);
    }
    return list;
  };
  const statements = new Map<TargetKind, Record<string, number>>();
  for (const kind of ['direct', 'gateway', 'hive', 'apollo'] as const) {
    if (kind === 'direct' && !op.direct) continue;
    statements.set(kind, await countStatements(op, kind, endpoints, data));
  }
  for (const mode of ['distinct', 'identical'] as const) {
    if (mode === 'identical' && !opts.identical.has(op.id)) continue;
    const targets = [];
    for (const target of HUB_TARGETS[mode]) {
      if (target === 'direct' && !op.direct) continue;
      const gateway = gateways.get(target);
      const requests = await requestsOf(kindOf(target), gateway?.url);
      targets.push({ target, requests, gateway, extra: { statements: statements.get(kindOf(target)), directSubgraph: op.direct?.subgraph } });
    }
    const rows = await rounds(
      { database, workload: 'hub', operation: op.label, id: op.id, mode, connections: settings.connections, rate: settings.rate, unit: 'req/s' },
      targets,
      subgraphs,
      settings,
    );
    report.rows.push(...rows);
  }
  // Statements must not grow with list sizes: the same operation with a small and a large page.
  const small = await countStatements(op, 'gateway', endpoints, { ...data, first: 5 });
  const large = await countStatements(op, 'gateway', endpoints, { ...data, first: 100 });
  if (JSON.stringify(small) !== JSON.stringify(large)) report.listSizeDependent.push({ database, operation: op.id, small, large });
}

/** The nested workload: four in-memory subgraphs, identical requests at 50 connections, Hive Gateway with --jit. */
async function benchNested(opts: Options, report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridhub-bench-nested-'));
  const children: Child[] = [];
  try {
    const subgraphs: Child[] = [];
    const urls: Record<string, string> = {};
    for (const { name } of NESTED_SUBGRAPHS) {
      const child = await startChild(name, { kind: 'nested-subgraph', name });
      urls[name] = child.url;
      subgraphs.push(child);
      children.push(child);
    }
    // Our gateway refuses anonymous operations: it gets a caller; the others serve the graph as is.
    const auth: Auth = { keysFile: join(dir, 'gateway-identity.jwk'), jwtSecret: randomBytes(32).toString('base64url') };
    await loadOrCreateIdentityKeys(auth.keysFile);
    const token = await issueClientToken(auth.jwtSecret, BENCH_IDENTITY);
    const supergraph = composeNested(urls);
    const gateways = await startGateways(NESTED_TARGETS, supergraph, undefined, auth, { jit: true, maxCost: NESTED_MAX_COST });
    children.push(...gateways.values());
    const body = JSON.stringify({ query: NESTED_QUERY });
    const targets = NESTED_TARGETS.map((target) => {
      const gateway = gateways.get(target)!;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(kindOf(target) === 'gateway' ? { authorization: `Bearer ${token}` } : {}) };
      return { target, gateway, requests: [{ url: gateway.url, headers, body }], extra: { jit: kindOf(target) === 'hive' } };
    });
    for (const t of targets) {
      const answer = await send(t.requests[0]!);
      if (answer.status !== 200 || answer.errors) throw new Error(`nested query at ${t.target}: HTTP ${answer.status} ${JSON.stringify(answer.errors)?.slice(0, 300)}`);
    }
    const size = Buffer.byteLength(JSON.stringify((await send(targets[0]!.requests[0]!)).data));
    const rows = await rounds(
      {
        database: 'in memory', workload: 'nested', id: 'nested', mode: 'identical', connections: opts.settings.nestedConnections, rate: opts.settings.rate, unit: 'req/s',
        operation: `nested query, graphql-gateways-benchmark shape (4 subgraphs, ${Math.round(size / 1024)} KB answers)`,
      },
      targets,
      subgraphs,
      { ...opts.settings, durationSeconds: opts.settings.nestedDurationSeconds, warmupSeconds: opts.settings.nestedWarmupSeconds },
    );
    report.rows.push(...rows);
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const report: BenchReport = { date: new Date().toISOString(), machine: machine(), settings: opts.settings, rows: [], listSizeDependent: [], goals: [], seconds: 0 };
  progress(`bench: ${describeMachine(report.machine)}; ${settingsLine(report)}`);
  const hubOps = !opts.only || OPERATIONS.some((o) => opts.only!.has(o.id)) || opts.only.has('ingest');
  const databases = [...(opts.sqlite ? ['sqlite'] : []), ...(opts.mysqlUrl ? ['mysql'] : [])];
  for (const which of hubOps ? databases : []) {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-bench-'));
    const db = which === 'sqlite' ? sqliteDatabase(dataDir) : await mysqlDatabase(opts.mysqlUrl!);
    try {
      await benchHub(db, dataDir, opts, report);
    } finally {
      await db.cleanup().catch((err) => progress(`cleaning up ${db.label}: ${String(err)}`));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (opts.nested && (!opts.only || opts.only.has('nested'))) await benchNested(opts, report);
  report.goals = judge(report.rows, opts.settings);
  report.machine.load.end = loadAverage();
  report.seconds = Math.round((performance.now() - started) / 1000);

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${opts.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${opts.name}.md`), markdownReport(report));
  process.stdout.write(`\n${textTable(report.rows)}\n\n`);
  for (const g of report.goals) process.stdout.write(`${g.met === null ? '·' : g.met ? '✓' : '✗'} [${g.database}] ${g.goal}: ${g.measured}${g.note ? ` — ${g.note}` : ''}\n`);
  process.stdout.write(`\n${describeMachine(report.machine)}\nresults: bench/results/${opts.name}.json, bench/results/${opts.name}.md (${report.seconds} s)\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
