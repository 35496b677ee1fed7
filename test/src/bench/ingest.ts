import type { RunningHub } from '@gridhub/cli';
// The bench is a client of the ingestion endpoint: its path and answer as a client reads them (type only, erased).
import type { IngestResult } from '../../../subgraphs/complex/src/access-record/access-record.type';

const INGEST_PATH = '/ingest/access-records';
import { directHeaders } from './operations';

export interface IngestOptions {
  /** Records sent in all (rounded up to whole batches). */
  records: number;
  batchSize: number;
  /** Concurrent senders, each posting its next batch as soon as the last one is answered. */
  senders: number;
}

export const DEFAULT_INGEST: IngestOptions = { records: 50_000, batchSize: 1_000, senders: 4 };

export interface IngestRun {
  records: number;
  batches: number;
  /** Records stored per second, from the first batch sent to the last one answered. */
  recordsPerSecond: number;
  /** Batch round-trip latencies. */
  p50: number;
  p99: number;
  /** Batches answered with an error status, and records not accepted (duplicates or rejections: none expected). */
  errors: number;
  notAccepted: number;
  /** The complex subgraph's SQL statements per batch. */
  statementsPerBatch: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * Door-record ingestion through the complex subgraph's NDJSON endpoint (`POST /ingest/access-records`), as device
 * gateways send it: batches of fresh records (device sequence numbers above every stored one, so nothing is a
 * duplicate) spread over the seeded unit doors, times in the last hour. Bodies are built before the clock starts.
 */
export async function measureIngestion(hub: RunningHub, options: IngestOptions): Promise<IngestRun> {
  const complex = hub.subgraphs.complex;
  if (!complex) throw new Error('the hub has no complex subgraph');
  const doors: { id: number }[] = await complex.db.query('SELECT DISTINCT deviceId AS id FROM access_record');
  if (doors.length === 0) throw new Error('no door devices with records to ingest for: was the hub seeded?');
  const [{ max }]: { max: string | number | null }[] = await complex.db.query('SELECT MAX(deviceSeq) AS max FROM access_record');
  const firstSeq = Number(max ?? 0) + 1;
  const batches = Math.ceil(options.records / options.batchSize);
  const now = Date.now();
  const bodies = Array.from({ length: batches }, (_, b) =>
    Array.from({ length: options.batchSize }, (_, k) => {
      const i = b * options.batchSize + k;
      return JSON.stringify({
        deviceId: doors[i % doors.length]!.id,
        deviceSeq: firstSeq + i,
        deviceTime: new Date(now - 3_600_000 + Math.floor((i / (batches * options.batchSize)) * 3_500_000)).toISOString(),
        direction: i % 2 ? 'IN' : 'OUT',
        credential: i % 7 === 0 ? 'QR' : 'CARD',
        result: i % 50 === 0 ? 'DENIED' : 'GRANTED',
        personId: i % 3 === 0 ? null : (i % 4000) + 1,
      });
    }).join('\n'),
  );
  const url = complex.url.replace(/\/graphql$/, INGEST_PATH);
  const headers = { 'content-type': 'application/x-ndjson', ...(await directHeaders(hub.identityKeys, complex.name)) };

  const latencies: number[] = [];
  let errors = 0;
  let notAccepted = 0;
  let next = 0;
  const statementsBefore = complex.sql.total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.senders }, async () => {
      while (next < batches) {
        const body = bodies[next++]!;
        const sent = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body });
        const answer = (await res.json()) as IngestResult;
        latencies.push(performance.now() - sent);
        if (res.status !== 200) errors++;
        else notAccepted += options.batchSize - answer.accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    records: batches * options.batchSize,
    batches,
    recordsPerSecond: (batches * options.batchSize - notAccepted) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    notAccepted,
    statementsPerBatch: (complex.sql.total - statementsBefore) / batches,
  };
}
