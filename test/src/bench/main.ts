// `pnpm bench`: the hub measured side by side with direct subgraphs and Hive Gateway (issue 7). See --help.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, dropDatabase, issueClientToken, type DatabaseConfig } from '@gridhub/kit';
import { startHub, type RunningHub } from '@gridhub/cli';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { judge } from './goals';
import { startHiveGateway, type RunningHiveGateway } from './hive-gateway';
import { DEFAULT_INGEST, measureIngestion } from './ingest';
import { measureLoad } from './load';
import { machine, describeMachine } from './machine';
import {
  BENCH_IDENTITY, countStatements, OPERATIONS, prepareBenchData, requestFor, send, type BenchRequest, type Endpoints, type TargetKind,
} from './operations';
import { markdownReport, settingsLine, textTable, type BenchReport, type ResultRow, type Settings } from './report';

const HELP = `pnpm bench [-- options]

Starts the hub (every subgraph and the gateway in this process) on embedded SQLite, seeds it, and measures each
operation through our gateway, through Hive Gateway serving the same supergraph, and directly against the subgraph;
then door-record ingestion. Prints one table and writes bench/results/<name>.json and .md.

  --mysql URL          also measure MySQL/MariaDB (e.g. mysql://root@127.0.0.1:3306/; env GRIDHUB_BENCH_MYSQL_URL)
  --no-sqlite          measure MySQL only
  --scale N            dataset scale (default 1; 10 is the issue's p99 target, ~10× the seeding time)
  --connections N      concurrent connections per measurement (default 10)
  --duration S         measured seconds per row (default 5)
  --warmup S           warm-up seconds per row, not counted (default 1)
  --list-size N        page size of the list operations (default 20)
  --only IDS           comma-separated operation ids (${OPERATIONS.map((o) => o.id).join(', ')}, ingest)
  --ingest-records N   records sent in the ingestion run (default ${DEFAULT_INGEST.records})
  --senders N          concurrent ingestion senders (default ${DEFAULT_INGEST.senders})
  --name NAME          results file name under bench/results (default latest)
`;

const ROOT = join(__dirname, '..', '..', '..');
const TARGET_ORDER: TargetKind[] = ['direct', 'gateway', 'hive'];
/** Requests rotate through this many variable sets (person ids, search pages). */
const ROTATION = 200;

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Options {
  settings: Settings;
  mysqlUrl?: string;
  sqlite: boolean;
  only?: Set<string>;
  name: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      mysql: { type: 'string' },
      'no-sqlite': { type: 'boolean' },
      scale: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'list-size': { type: 'string' },
      only: { type: 'string' },
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
  return {
    mysqlUrl,
    sqlite,
    only: values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined,
    name: values.name ?? 'latest',
    settings: {
      scale: positive('scale', values.scale, 1),
      connections: positive('connections', values.connections, 10),
      durationSeconds: positive('duration', values.duration, 5),
      warmupSeconds: values.warmup === '0' ? 0 : positive('warmup', values.warmup, 1),
      listSize: positive('list-size', values['list-size'], 20),
      ingest: { ...DEFAULT_INGEST, records: positive('ingest-records', values['ingest-records'], DEFAULT_INGEST.records), senders: positive('senders', values.senders, DEFAULT_INGEST.senders) },
      databases: [],
    },
  };
}

interface Database {
  label: string;
  config: DatabaseConfig;
  cleanup(hub?: RunningHub): Promise<void>;
}

function sqliteDatabase(): Database {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-bench-'));
  return { label: 'SQLite', config: { dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function mysqlDatabase(base: string): Promise<Database> {
  const url = new URL(base);
  url.pathname = '/gridhub_bench';
  const config = { url: url.toString() };
  const drop = async (names: string[]) => {
    for (const name of names) await dropDatabase({ url: config.url, name });
  };
  const subgraphs = ['community', 'subdistrict', 'complex', REGISTRY_DATABASE];
  await drop(subgraphs); // a previous run that was interrupted
  return { label: 'MySQL', config, cleanup: (hub) => drop(hub ? [...Object.keys(hub.subgraphs), REGISTRY_DATABASE] : subgraphs) };
}

async function benchDatabase(db: Database, opts: Options, rows: ResultRow[], report: Pick<BenchReport, 'machine' | 'listSizeDependent'>): Promise<void> {
  const { settings } = opts;
  const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-bench-keys-'));
  let hub: RunningHub | undefined;
  let hive: RunningHiveGateway | undefined;
  try {
    const started = performance.now();
    hub = await startHub({
      database: db.config,
      dataDir,
      seed: { scale: settings.scale, seed: 1 },
      log: createLogger('bench', { level: process.env.GRIDHUB_LOG_LEVEL ?? 'warn' }),
    });
    if (db.label === 'MySQL') {
      const [row] = (await hub.subgraphs.complex!.db.query('SELECT VERSION() AS v')) as { v: string }[];
      report.machine.mysqlServer = row?.v;
      db.label = /mariadb/i.test(row?.v ?? '') ? 'MariaDB' : 'MySQL';
    }
    settings.databases.push(db.label);
    progress(`[${db.label}] hub started and seeded at scale ${settings.scale} in ${Math.round((performance.now() - started) / 1000)} s`);

    const clientToken = await issueClientToken(hub.jwtSecret, BENCH_IDENTITY);
    const supergraph = (await hub.registry.current())?.supergraphSdl;
    if (!supergraph) throw new Error('the registry has no current supergraph');
    hive = await startHiveGateway(supergraph, hub);
    const endpoints: Endpoints = { hub, clientToken, hiveUrl: hive.url };
    const data = await prepareBenchData(async (query, variables) => {
      const answer = await send({ url: hub!.gateway.url, headers: { 'content-type': 'application/json', authorization: `Bearer ${clientToken}` }, body: JSON.stringify({ query, variables }) });
      return answer as never;
    }, settings.listSize);

    for (const op of OPERATIONS) {
      if (opts.only && !opts.only.has(op.id)) continue;
      const measured: ResultRow[] = [];
      for (const kind of TARGET_ORDER) {
        const requests: BenchRequest[] = [];
        for (let i = 0; i < ROTATION; i++) {
          const r = await requestFor(op, kind, endpoints, data, i);
          if (r) requests.push(r);
        }
        if (requests.length === 0) continue;
        const statements = await countStatements(op, kind, endpoints, data);
        const load = await measureLoad(requests, { connections: settings.connections, durationSeconds: settings.durationSeconds, warmupSeconds: settings.warmupSeconds });
        const target = kind === 'gateway' ? 'gridhub gateway' : kind === 'hive' ? 'Hive Gateway' : `direct (${op.direct!.subgraph})`;
        const row: ResultRow = {
          database: db.label, operation: op.label, id: op.id, target, kind, unit: 'req/s',
          throughput: load.rps, p50Ms: load.p50, p99Ms: load.p99, errors: load.errors, requests: load.requests, statements,
        };
        measured.push(row);
        progress(
          `[${db.label}] ${op.id} @ ${target}: ${Math.round(load.rps)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.errors} errors, ` +
            `statements ${JSON.stringify(statements)}`,
        );
      }
      const direct = measured.find((r) => r.kind === 'direct');
      const hiveRow = measured.find((r) => r.kind === 'hive');
      for (const r of measured) {
        if (direct) r.vsDirect = r.throughput / direct.throughput;
        if (hiveRow) r.vsHive = r.throughput / hiveRow.throughput;
      }
      rows.push(...measured);

      // Statements must not grow with list sizes: the same operation with a small and a large page.
      const small = await countStatements(op, 'gateway', endpoints, { ...data, first: 5 });
      const large = await countStatements(op, 'gateway', endpoints, { ...data, first: 100 });
      if (JSON.stringify(small) !== JSON.stringify(large)) report.listSizeDependent.push({ database: db.label, operation: op.id, small, large });
    }

    if (!opts.only || opts.only.has('ingest')) {
      const run = await measureIngestion(hub, settings.ingest);
      rows.push({
        database: db.label,
        operation: `ingest door records (NDJSON, ${settings.ingest.batchSize.toLocaleString('en-US')}/batch, ${settings.ingest.senders} senders)`,
        id: 'ingest',
        target: 'direct (complex)',
        kind: 'ingest',
        unit: 'records/s',
        throughput: run.recordsPerSecond,
        p50Ms: run.p50,
        p99Ms: run.p99,
        errors: run.errors + run.notAccepted,
        requests: run.batches,
        statements: { complex: run.statementsPerBatch },
      });
      progress(
        `[${db.label}] ingest: ${Math.round(run.recordsPerSecond)} records/s (${run.records} records, ${run.batches} batches), ` +
          `batch p50 ${Math.round(run.p50)} ms, p99 ${Math.round(run.p99)} ms, ${run.errors} failed batches, ${run.notAccepted} not accepted, ${run.statementsPerBatch} statements/batch`,
      );
    }
  } finally {
    await hive?.stop().catch((err) => progress(`stopping Hive Gateway: ${String(err)}`));
    await hub?.stop().catch((err) => progress(`stopping the hub: ${String(err)}`));
    await db.cleanup(hub).catch((err) => progress(`cleaning up ${db.label}: ${String(err)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const report: BenchReport = { date: new Date().toISOString(), machine: machine(), settings: opts.settings, rows: [], listSizeDependent: [], goals: [], seconds: 0 };
  progress(`bench: ${describeMachine(report.machine)}; ${settingsLine(report)}`);
  if (opts.sqlite) await benchDatabase(sqliteDatabase(), opts, report.rows, report);
  if (opts.mysqlUrl) await benchDatabase(await mysqlDatabase(opts.mysqlUrl), opts, report.rows, report);
  report.goals = judge(report.rows, opts.settings);
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
