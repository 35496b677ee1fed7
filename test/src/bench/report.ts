import { describeMachine, type Machine } from './machine';
import type { StatementCounts, TargetKind } from './operations';

/** One line of the table: an operation at a target on one database, or door-record ingestion. */
export interface ResultRow {
  database: string;
  operation: string;
  /** Operation id (`ingest` for ingestion). */
  id: string;
  target: string;
  kind: TargetKind | 'ingest';
  unit: 'req/s' | 'records/s';
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
  /** This row's throughput ÷ the direct subgraph's for the same operation (single-subgraph operations). */
  vsDirect?: number;
  /** This row's throughput ÷ Hive Gateway's for the same operation. */
  vsHive?: number;
  /** SQL statements one request (ingestion: one batch) issues, per subgraph. */
  statements?: StatementCounts;
}

export interface Goal {
  goal: string;
  database: string;
  /** null: not measured in this run (e.g. needs --scale 10 --connections 50). */
  met: boolean | null;
  measured: string;
  /** By how much it is missed, and the likely why (or what the figure rests on). */
  note?: string;
}

export interface Settings {
  scale: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  listSize: number;
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
const ratio = (r?: number) => (r === undefined ? '' : `${num(r, 2)}×`);
const stmts = (s?: StatementCounts) =>
  s === undefined ? '' : Object.keys(s).length === 0 ? 'none' : Object.entries(s).map(([n, c]) => `${n} ${Number.isInteger(c) ? c : num(c, 1)}`).join(', ');

const HEAD = ['database', 'operation', 'target', 'throughput', 'p50 ms', 'p99 ms', 'errors', '× direct', '× Hive', 'SQL statements / request'];

const cells = (r: ResultRow) => [
  r.database,
  r.operation,
  r.target,
  `${num(r.throughput)} ${r.unit}`,
  num(r.p50Ms, 1),
  num(r.p99Ms, 1),
  num(r.errors),
  ratio(r.vsDirect),
  ratio(r.vsHive),
  stmts(r.statements),
];

/** The table as aligned plain text (stdout). */
export function textTable(rows: ResultRow[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const line = (r: string[]) => r.map((v, c) => (c >= 3 && c <= 8 ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

const mdEscape = (v: string) => v.replace(/\|/g, '\\|');

/** The table as Markdown (the results file and the README). */
export function markdownTable(rows: ResultRow[]): string {
  const align = HEAD.map((_, c) => (c >= 3 && c <= 8 ? '---:' : '---'));
  return [HEAD, align, ...rows.map(cells)].map((r) => `| ${r.map(mdEscape).join(' | ')} |`).join('\n');
}

export function settingsLine(r: BenchReport): string {
  const s = r.settings;
  return (
    `scale ${s.scale}, ${s.connections} connections, ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s per row, list size ${s.listSize}; ` +
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
    'Every process runs on this one machine: the hub (all subgraphs and our gateway in one Node process, as `gridhub start` runs it), ' +
      'Hive Gateway in that same process (so each gateway shares the event loop with the subgraphs alike), and autocannon in a worker thread. ' +
      'Ratios are the figures to quote; absolute numbers vary from machine to machine. ' +
      '"× direct" compares with the same data fetched straight from the subgraph that holds it (for door history: the complex subgraph\'s `_entities` part only); ' +
      '"× Hive" compares with Hive Gateway serving the supergraph our registry composed, against the same subgraphs, in the same run. ' +
      'Errors count failed requests and GraphQL answers carrying errors. Statements are counted on one request run alone (ingestion: per batch of 1,000).',
    '',
    markdownTable(r.rows),
    '',
    '## Targets (issue 7)',
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
