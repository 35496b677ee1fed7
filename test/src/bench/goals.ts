import type { Goal, ResultRow, Settings } from './report';

/** The issue's targets on the reference machine (2 cores). */
export const TARGETS = {
  vsHive: 1,
  personVsDirect: 0.7,
  mysqlIngestPerSecond: 20_000,
  p99Ms: 50,
  p99Scale: 10,
  p99Connections: 50,
  p99Operations: ['person-search', 'door-history'],
} as const;

/** The likely why of a miss: hypotheses from profiles of this harness, not yet confirmed function by function. */
export const WHY = {
  vsHive:
    'Likely per-request overhead on our side: Apollo Server 5 + @apollo/gateway run plugin hooks per request and per field ' +
    '(the default cache-control plugin among them) and merge entity results in the query-plan executor, and our gateway plugins add ' +
    'operation-shape limits, metrics/tracing and an EdDSA identity token per subgraph fetch. All of it runs on the event loop the ' +
    'subgraphs share in the embedded hub, so gateway CPU is taken from the subgraphs. Hive Gateway also deduplicates identical subgraph ' +
    'requests in flight (the bench varies every request so that this does not count).',
  personVsDirect:
    'The embedded hub runs gateway and subgraphs on one Node event loop: a request through the gateway costs the subgraph\'s work plus the ' +
    'gateway\'s (a second HTTP server and client hop, client-token check, identity token signed and verified), so this layout caps the ratio well ' +
    'below 1; Hive Gateway stays under 0.7× here too. With the gateway on its own cores (the production layout) the ratio is ' +
    'bounded by latency, not shared CPU: not measured here.',
  ingest:
    'The complex subgraph builds each 500-row INSERT IGNORE with typeorm\'s InsertQueryBuilder, whose parameter handling ' +
    '(getParameters / hasParameter / escapeQueryWithParameters) tops CPU profiles of the seeder that uses the same builder; ' +
    'ingestion also shares the event loop with every subgraph and the gateway. Lever (subgraphs/complex): build the multi-row ' +
    'VALUES list by hand and send bigger chunks on MySQL.',
  p99: 'At scale 10 the search and history queries read 10× the rows per page scan; see EXPLAIN of the person filters.',
};

const pct = (r: number) => `${Math.round(Math.abs(1 - r) * 100)}%`;
const f = (n: number, d = 2) => n.toFixed(d);

/** Judges one run's rows against the targets, per database. */
export function judge(rows: ResultRow[], settings: Settings): Goal[] {
  const goals: Goal[] = [];
  for (const database of settings.databases) {
    const mine = rows.filter((r) => r.database === database);
    const gateway = mine.filter((r) => r.kind === 'gateway');

    const vsHive = gateway.filter((r) => r.vsHive !== undefined);
    if (vsHive.length) {
      const missed = vsHive.filter((r) => r.vsHive! < TARGETS.vsHive);
      goals.push({
        goal: 'our gateway ≥ Hive Gateway throughput on every query',
        database,
        met: missed.length === 0,
        measured: vsHive.map((r) => `${r.id} ${f(r.vsHive!)}×`).join(', '),
        note: missed.length ? `missed on ${missed.map((r) => `${r.id} by ${pct(r.vsHive!)}`).join(', ')}. ${WHY.vsHive}`.trim() : undefined,
      });
    }

    const person = gateway.find((r) => r.id === 'person');
    if (person?.vsDirect !== undefined) {
      const met = person.vsDirect >= TARGETS.personVsDirect;
      goals.push({
        goal: `person(id) through the gateway ≥ ${TARGETS.personVsDirect}× direct subgraph`,
        database,
        met,
        measured: `${f(person.vsDirect)}×`,
        note: met ? undefined : `missed by ${f(TARGETS.personVsDirect - person.vsDirect)} (${pct(person.vsDirect / TARGETS.personVsDirect)} below). ${WHY.personVsDirect}`.trim(),
      });
    }

    const ingest = mine.find((r) => r.kind === 'ingest');
    if (ingest) {
      const mysql = !/sqlite/i.test(database);
      const met = ingest.throughput >= TARGETS.mysqlIngestPerSecond;
      goals.push({
        goal: `ingestion ≥ ${TARGETS.mysqlIngestPerSecond.toLocaleString('en-US')} records/s${mysql ? ' into MySQL' : ' (target is for MySQL; SQLite shown for reference)'}`,
        database,
        met: mysql ? met : null,
        measured: `${Math.round(ingest.throughput).toLocaleString('en-US')} records/s`,
        note: mysql && !met ? `missed by ${pct(ingest.throughput / TARGETS.mysqlIngestPerSecond)}. ${WHY.ingest}`.trim() : undefined,
      });
    }

    const p99Rows = gateway.filter((r) => (TARGETS.p99Operations as readonly string[]).includes(r.id));
    const atTargetLoad = settings.scale >= TARGETS.p99Scale && settings.connections >= TARGETS.p99Connections;
    if (p99Rows.length) {
      const over = p99Rows.filter((r) => r.p99Ms >= TARGETS.p99Ms);
      goals.push({
        goal: `p99 < ${TARGETS.p99Ms} ms for person search and door history at scale ${TARGETS.p99Scale}, ${TARGETS.p99Connections} connections`,
        database,
        met: atTargetLoad ? over.length === 0 : null,
        measured: `${p99Rows.map((r) => `${r.id} p99 ${f(r.p99Ms, 0)} ms`).join(', ')} (scale ${settings.scale}, ${settings.connections} connections)`,
        note: !atTargetLoad
          ? `this run is not at the target load: run \`pnpm bench -- --scale ${TARGETS.p99Scale} --connections ${TARGETS.p99Connections} --only person-search,door-history\``
          : over.length
            ? `over by ${over.map((r) => `${r.id} ${f(r.p99Ms - TARGETS.p99Ms, 0)} ms`).join(', ')}. ${WHY.p99}`.trim()
            : undefined,
      });
    }
  }
  return goals;
}
