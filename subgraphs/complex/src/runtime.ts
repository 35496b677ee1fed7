import type { IngestOptions } from './access-record/access-record.ingest';
import type { ReportEvent } from './event-outbox/report-event.client';

/** What one complex instance wires from its runtime (`complex.services`): resolvers get it as `ctx.services`, routes as `running.services`. */
export interface ComplexOptions {
  /** Delivers grid events to the subdistrict subgraph. Without it, events wait in the outbox for an instance that has it. */
  reportEvent?: ReportEvent;
  /** Pause between outbox runs when nothing is due, in ms (default 1,000); a confirmation delivers at once. */
  dispatchIntervalMs?: number;
  /** Longest wait between delivery attempts of one grid event (default 60,000 ms). */
  maxBackoffMs?: number;
  /** Door-record retention in days (default 180): ingestion refuses older records, the purge deletes them. */
  retentionDays?: number;
  ingest?: Pick<IngestOptions, 'futureToleranceMs' | 'chunkSize'> & {
    /** Largest NDJSON body accepted (default 16 MiB: ~80,000 records). */
    maxBodyBytes?: number;
  };
}

/** What the complex's resolvers get as `ctx.services` (delivery is the kit's outbox dispatcher: `dispatcherOf`). */
export type ComplexServices = ComplexOptions;
