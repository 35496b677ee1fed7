import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkDigit, createIdentityKeys, createLogger, InMemorySpanExporter, installTracing, issueClientToken, Role, type Tracing,
} from '@gridhub/kit';
import { startHub, type RunningHub } from '@gridhub/cli';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { testDatabase } from '@gridhub/kit/testing';

/** One sample of the Prometheus text format: `name{label="v",…} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const total = (samples: Sample[], name: string, labels: Record<string, string> = {}) => find(samples, name, labels).reduce((n, s) => n + s.value, 0);

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url.replace(/\/graphql$/, '/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parsePrometheus(await res.text());
}

/** A valid GB 11643 number (check digit computed), so registerPerson accepts it. */
const ID_BODY = '50038119900307123';
const ID_NUMBER = ID_BODY + checkDigit(ID_BODY);
const PHONE = '13912345678';

describe('observability of the running hub: metrics, traces, logs', () => {
  const db = testDatabase('sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-obs-'));
  const secret = 'observability-test-secret-long-enough-for-hs256';
  const spans = new InMemorySpanExporter();
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  let tracing: Tracing;
  let hub: RunningHub;
  let token: string;

  const query = async (q: string, variables?: Record<string, unknown>, requestId?: string) => {
    const res = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: JSON.stringify({ query: q, variables }),
    });
    return (await res.json()) as { data?: Record<string, never>; errors?: { extensions?: { code?: string } }[] };
  };

  beforeAll(async () => {
    tracing = installTracing({ serviceName: 'gridhub-test', exporter: spans, simple: true });
    const log = createLogger('hub', {
      level: 'debug',
      destination: {
        write(line: string) {
          raw += line;
          lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    });
    hub = await startHub({
      database: db.config,
      dataDir,
      jwtSecret: secret,
      identityKeys: await createIdentityKeys(),
      seed: { scale: 1, seed: 1, accessRecordsPerDevice: 1 },
      log,
    });
    token = await issueClientToken(secret, { subject: 'admin', role: Role.SUBDISTRICT_ADMIN, name: 'admin' });
  });
  afterAll(async () => {
    await hub?.stop();
    await tracing?.shutdown();
    await db.cleanup(['community', 'subdistrict', 'complex', REGISTRY_DATABASE]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exposes request, latency, error, loader, pool, ingestion, outbox and supergraph series at /metrics', async () => {
    const communities = await query('query Communities { communities { id name grids { id residents(first: 2) { totalCount edges { node { id name } } } } } }');
    expect(communities.errors).toBeUndefined();
    expect((await query('query Complexes { communities { id complexes { id name } } }')).errors).toBeUndefined();
    const invalid = await query('query Broken { noSuchField }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const ingest = await query('mutation Ingest($records: [AccessRecordInput!]!) { ingestAccessRecords(records: $records) { accepted duplicates rejected } }', {
      records: [{ deviceId: '1' }],
    });
    expect(ingest.errors).toBeUndefined();

    const gateway = await scrape(hub.gateway.url);
    expect(total(gateway, 'gridhub_graphql_operations_total', { operation: 'Communities', outcome: 'ok', service: 'gateway' })).toBe(1);
    expect(total(gateway, 'gridhub_graphql_operation_duration_seconds_count', { operation: 'Complexes' })).toBe(1);
    expect(total(gateway, 'gridhub_graphql_operation_duration_seconds_sum', { operation: 'Communities' })).toBeGreaterThan(0);
    expect(total(gateway, 'gridhub_graphql_operation_duration_seconds_sum', { operation: 'Communities' })).toBeLessThan(60);
    expect(total(gateway, 'gridhub_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(total(gateway, 'gridhub_subgraph_fetches_total', { subgraph: 'community', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(total(gateway, 'gridhub_subgraph_fetches_total', { subgraph: 'complex', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(total(gateway, 'gridhub_subgraph_fetch_duration_seconds_count', { subgraph: 'complex' })).toBeGreaterThanOrEqual(2);
    expect(total(gateway, 'gridhub_supergraph_version')).toBe(hub.gateway.supergraphVersion);
    expect(hub.gateway.supergraphVersion).toBeGreaterThanOrEqual(1);
    expect(find(gateway, 'gridhub_process_resident_memory_bytes').length).toBe(1);

    const community = await scrape(hub.subgraphs.community!.url);
    expect(total(community, 'gridhub_graphql_operations_total', { service: 'community', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(total(community, 'gridhub_graphql_operation_duration_seconds_count', { service: 'community' })).toBeGreaterThanOrEqual(2);
    // Residents of every grid in one batch: the batch holds as many keys as there are grids.
    const batches = find(community, 'gridhub_dataloader_batch_size_count').filter((s) => s.value > 0);
    expect(batches.length).toBeGreaterThan(0);
    const grids = (communities.data!.communities as { grids: unknown[] }[]).reduce((n, c) => n + c.grids.length, 0);
    expect(Math.max(...find(community, 'gridhub_dataloader_batch_size_sum').map((s) => s.value))).toBeGreaterThanOrEqual(grids);
    expect(total(community, 'gridhub_db_pool_connections', { state: 'max' })).toBeGreaterThanOrEqual(1);

    const complex = await scrape(hub.subgraphs.complex!.url);
    expect(total(complex, 'gridhub_ingested_records_total', { outcome: 'rejected' })).toBe(1);
    expect(find(complex, 'gridhub_ingested_records_total', { outcome: 'accepted' })).toHaveLength(1);
    expect(find(complex, 'gridhub_ingested_records_total', { outcome: 'duplicate' })).toHaveLength(1);
    expect(find(complex, 'gridhub_outbox_backlog', { outbox: 'complex' })).toHaveLength(1);
    expect(total(complex, 'gridhub_outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(total(complex, 'gridhub_outbox_delivery_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('records one trace from the gateway through the subgraph fetch to the SQL statements', async () => {
    spans.reset();
    const res = await query('query TracedCommunities { communities { id name } }');
    expect(res.errors).toBeUndefined();
    await tracing.flush();
    const all = spans.getFinishedSpans();
    const parentOf = (s: (typeof all)[number]) => s.parentSpanContext?.spanId;

    const root = all.find((s) => s.name === 'POST /graphql' && !parentOf(s) && s.attributes['gridhub.request_id']);
    expect(root).toBeDefined();
    const trace = all.filter((s) => s.spanContext().traceId === root!.spanContext().traceId);
    const fetch = trace.find((s) => s.name === 'subgraph community');
    expect(fetch).toBeDefined();
    const subgraphServer = trace.find((s) => s.name === 'POST /graphql' && parentOf(s) === fetch!.spanContext().spanId);
    expect(subgraphServer).toBeDefined();
    // SQL spans are descendants of the subgraph's server span.
    const byId = new Map(trace.map((s) => [s.spanContext().spanId, s]));
    const underSubgraph = (s: (typeof all)[number]): boolean => {
      for (let p = parentOf(s); p; p = byId.get(p) && parentOf(byId.get(p)!)) if (p === subgraphServer!.spanContext().spanId) return true;
      return false;
    };
    const sql = trace.filter((s) => s.attributes['db.system'] === 'sqlite' && underSubgraph(s));
    expect(sql.length).toBeGreaterThan(0);
    expect(String(sql[0]!.attributes['db.statement'])).toMatch(/^SELECT/);
    expect(sql[0]!.attributes['db.name']).toBe('community.sqlite');
  });

  it('logs request and trace ids on every line, the same request id at the gateway and the subgraph, never an ID number or phone', async () => {
    const grid = await query('{ grids(communityId: "1") { id } }');
    const gridId = (grid.data!.grids as { id: string }[])[0]!.id;
    lines.length = 0;
    raw = '';
    // The client's own id is a correlation id; the request id is the gateway's, the same at the subgraph.
    const correlationId = 'obs-register-1';
    const registered = await query(
      'mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
      { input: { name: '张三', idNumber: ID_NUMBER, phone: PHONE, gridId } },
      correlationId,
    );
    expect(registered.errors).toBeUndefined();

    const requestId = lines.find((l) => l.correlationId === correlationId && l.service === 'gateway')?.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ofRequest = lines.filter((l) => l.requestId === requestId);
    const gatewayLine = ofRequest.find((l) => l.service === 'gateway' && l.msg === 'graphql operation');
    const subgraphLine = ofRequest.find((l) => l.subgraph === 'community' && l.msg === 'graphql operation');
    expect(gatewayLine).toBeDefined();
    expect(subgraphLine).toBeDefined();
    // The variables were logged, with the personal fields censored by the logger's redaction paths.
    expect(gatewayLine!.variables).toEqual({ input: { name: '张三', idNumber: '[redacted]', phone: '[redacted]', gridId } });
    expect((subgraphLine!.variables as { input: Record<string, string> }).input).toMatchObject({ idNumber: '[redacted]', phone: '[redacted]' });
    // One trace id across the gateway and the subgraph.
    expect(gatewayLine!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(subgraphLine!.traceId).toBe(gatewayLine!.traceId);
    // Every line written while the request ran carries both ids.
    for (const line of lines.filter((l) => l.msg === 'graphql operation' || l.msg === 'graphql operation done')) {
      expect(line.requestId).toBe(requestId);
      expect(line.correlationId).toBe(correlationId);
      expect(line.traceId).toBe(gatewayLine!.traceId);
    }
    expect(raw).not.toContain(ID_NUMBER);
    expect(raw).not.toContain(ID_BODY);
    expect(raw).not.toContain(PHONE);
  });
});
