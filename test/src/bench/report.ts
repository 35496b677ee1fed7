import { describeMachine, type Machine } from './machine';
import type { RequestMode } from './load';
import type { StatementCounts } from './operations';

/** A measured target: a gateway (with or without in-flight deduplication), or a subgraph directly. */
export type Target = 'direct' | 'gridhub' | 'gridhub×2' | 'gridhub+dedup' | 'hive' | 'hive+dedup' | 'apollo';

/** Where each target's name in the report comes from. */
export const TARGET_LABELS: Record<Target, string> = {
  direct: 'direct',
  gridhub: 'gridhub (dedup off)',
  'gridhub×2': 'gridhub (dedup off, 2 workers)',
  'gridhub+dedup': 'gridhub (dedup on, default)',
  hive: 'Hive Gateway (dedup off)',
  'hive+dedup': 'Hive Gateway (dedup on, default)',
  apollo: 'plain @apollo/gateway',
};

/** CPU time per completed client request, in ms, by process. */
export interface CpuPerRequest {
  /** The gateway process under load (absent for direct requests). */
  gateway?: number;
  /** Every subgraph process together. */
  subgraphs: number;
  /** The load generator (autocannon, this process). */
  load: number;
}

/** One line of the table: an operation at a target, the median of its rounds (ingestion: one run). */
export interface ResultRow {
  database: string;
  /** `hub` (the hub's own graph) or `nested` (the public benchmark's shape); `ingest` for door-record ingestion. */
  workload: 'hub' | 'nested' | 'ingest';
  operation: string;
  /** Operation id (`ingest` for ingestion, `nested` for the nested query). */
  id: string;
  target: Target | 'ingest';
  /** The subgraph a direct row asks, for its label. */
  directSubgraph?: string;
  /** Hive Gateway ran with `--jit` (graphql-jit execution). */
  jit?: boolean;
  mode: RequestMode;
  connections: number;
  /** Offered load in req/s (open loop); absent: closed loop. */
  rate?: number;
  unit: 'req/s' | 'records/s';
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  /** Throughput of each round, in the order run. */
  rounds: number[];
  cpu?: CpuPerRequest;
  /** Requests the subgraphs answered per completed client request. */
  subgraphCalls?: number;
  /** This row's throughput ÷ the direct subgraph's for the same operation and mode. */
  vsDirect?: number;
  /** This row's throughput ÷ Hive Gateway's with the same deduplication setting, same operation and mode. */
  vsHive?: number;
  /** This row's throughput ÷ plain @apollo/gateway's, same operation and mode. */
  vsApollo?: number;
  /** SQL statements one request (ingestion: one batch) issues, per subgraph. */
  statements?: StatementCounts;
}

export interface Goal {
  goal: string;
  database: string;
  /** null: not measured in this run. */
  met: boolean | null;
  measured: string;
  /** By how much it is missed and why (or what the figure rests on), or how to measure it. */
  note?: string;
}

export interface Settings {
  scale: number;
  connections: number;
  nestedConnections: number;
  durationSeconds: number;
  warmupSeconds: number;
  nestedDurationSeconds: number;
  nestedWarmupSeconds: number;
  rounds: number;
  listSize: number;
  rate?: number;
  ingest: { records: number; batchSize: number; senders: number };
  databases: string[];
}

export interface BenchReport {
  date: string;
  machine: Machine;
  settings: Settings;
  rows: ResultRow[];
  /** Operations whose statement count grows with the list size (first: 5 vs first: 100): should be none. */
  listSizeDependent: { database: string; operation: string; small: StatementCounts; large: StatementCounts }[];
  goals: Goal[];
  seconds: number;
}

const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (r?: number) => (r === undefined || !Number.isFinite(r) ? '' : `${num(r, 2)}×`);
const ms = (n?: number) => (n === undefined ? '' : Number.isNaN(n) ? 'n/a' : num(n, 2));
const stmts = (s?: StatementCounts) =>
  s === undefined ? '' : Object.keys(s).length === 0 ? 'none' : Object.entries(s).map(([n, c]) => `${n} ${Number.isInteger(c) ? c : num(c, 1)}`).join(', ');

export const targetLabel = (r: ResultRow) =>
  r.target === 'ingest'
    ? 'direct (complex)'
    : r.target === 'direct'
      ? `direct (${r.directSubgraph ?? 'subgraph'})`
      : r.jit
        ? TARGET_LABELS[r.target].replace('Hive Gateway', 'Hive Gateway --jit')
        : TARGET_LABELS[r.target];

const HEAD = [
  'database', 'operation', 'requests', 'target', 'throughput', 'p50 ms', 'p99 ms', 'errors',
  'CPU ms/req gateway', 'CPU ms/req subgraphs', 'CPU ms/req load gen', 'subgraph calls/req', '× direct', '× Hive', '× Apollo', 'SQL statements / request',
];
/** Columns holding figures (right-aligned). */
const FIGURES = new Set([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

const load = (r: ResultRow) => `${r.mode}, ${r.rate ? `${num(r.rate)} req/s offered over ` : ''}${r.connections} conn.`;

const cells = (r: ResultRow) => [
  r.database,
  r.operation,
  r.workload === 'ingest' ? '' : load(r),
  targetLabel(r),
  `${num(r.throughput)} ${r.unit}`,
  num(r.p50Ms, 1),
  num(r.p99Ms, 1),
  num(r.errors),
  ms(r.cpu?.gateway),
  ms(r.cpu?.subgraphs),
  ms(r.cpu?.load),
  ms(r.subgraphCalls),
  ratio(r.vsDirect),
  ratio(r.vsHive),
  ratio(r.vsApollo),
  stmts(r.statements),
];

/** The table as aligned plain text (stdout). */
export function textTable(rows: ResultRow[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const line = (r: string[]) => r.map((v, c) => (FIGURES.has(c) ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

const mdEscape = (v: string) => v.replace(/\|/g, '\\|');

/** The table as Markdown (the results file and the README). */
export function markdownTable(rows: ResultRow[]): string {
  const align = HEAD.map((_, c) => (FIGURES.has(c) ? '---:' : '---'));
  return [HEAD, align, ...rows.map(cells)].map((r) => `| ${r.map(mdEscape).join(' | ')} |`).join('\n');
}

export function settingsLine(r: BenchReport): string {
  const s = r.settings;
  return (
    `scale ${s.scale}, ${s.connections} connections (nested workload: ${s.nestedConnections}), ` +
    `${s.rate ? `open loop at ${num(s.rate)} req/s offered, ` : 'closed loop, '}` +
    `${s.rounds} rounds of ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s per target (nested: ${s.nestedWarmupSeconds} + ${s.nestedDurationSeconds} s), ` +
    `targets alternated, medians reported, list size ${s.listSize}; ` +
    `ingestion ${num(s.ingest.records)} records in batches of ${num(s.ingest.batchSize)} from ${s.ingest.senders} concurrent senders`
  );
}

export function markdownReport(r: BenchReport): string {
  const goal = (g: Goal) => `| ${mdEscape(g.goal)} | ${g.database} | ${g.met === null ? 'not measured' : g.met ? 'met' : '**missed**'} | ${mdEscape(g.measured)} | ${mdEscape(g.note ?? '')} |`;
  return [
    '# Benchmark results',
    '',
    `Run ${r.date} on ${describeMachine(r.machine)}.`,
    `Settings: ${settingsLine(r)}. Whole run: ${num(r.seconds)} s. Rerun with \`pnpm bench\` (options: \`pnpm bench -- --help\`).`,
    '',
    'Layout: every subgraph runs in a process of its own, shared by every target; each gateway (ours with deduplication off and on, ' +
      'Hive Gateway with its deduplication off and on, plain `@apollo/gateway` with no plugins) runs in a process of its own; the load ' +
      'generator (autocannon) runs in the bench process. All of them share the machine\'s cores, with other work on it. For each operation ' +
      'the targets take turns, round after round; each figure is the median of the rounds. **CPU ms/req** is the CPU time (user + system, ' +
      'from `/proc/<pid>/stat`) each process used during the measured window divided by the requests completed: steadier than req/s on a ' +
      'shared machine. **subgraph calls/req** counts the requests the subgraph processes answered per client request. ' +
      '`distinct` requests: every request in flight differs (ids, cursors, filters), so in-flight deduplication cannot help; `identical`: ' +
      'every connection sends the same request (the public gateway benchmark\'s shape). Every gateway gets identity tokens for our subgraphs ' +
      'from the same signer (one per caller and subgraph, reused for 30 s) and checks the client token with the same verifier. ' +
      'Errors count failed requests and GraphQL answers carrying errors. Statements are counted on one request run alone (ingestion: per batch).',
    '',
    markdownTable(r.rows),
    '',
    '## Targets (issue 19)',
    '',
    '| target | database | result | measured | note |',
    '| --- | --- | --- | --- | --- |',
    ...r.goals.map(goal),
    '',
    r.listSizeDependent.length === 0
      ? 'SQL statements per operation are independent of list sizes: every list operation issues the same statements with `first: 5` as with `first: 100` (also asserted by `test/bench-statements.e2e.test.ts`).'
      : `Statement counts that grow with the list size: ${r.listSizeDependent.map((d) => `${d.database} ${d.operation}: ${stmts(d.small)} → ${stmts(d.large)}`).join('; ')}.`,
    '',
  ].join('\n');
}
