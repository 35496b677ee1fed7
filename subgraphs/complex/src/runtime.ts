import type { IdentityVerification } from '@gridhub/kit';
import type { IngestOptions } from './access-record/access-record.ingest';
import type { ReportEvent } from './event-outbox/report-event.client';

/** Options of one complex subgraph instance (`createComplexSubgraph(options)`). */
export interface ComplexOptions {
  /**
   * The gateway's public keys, as given to `startSubgraph`: the NDJSON ingestion endpoint is a plain HTTP route
   * and verifies the identity token itself. Without it the endpoint refuses every request (401).
   */
  identity?: IdentityVerification;
  /** Delivers grid events to the subdistrict subgraph. Without it, events wait in the outbox for `deliverReports`. */
  reportEvent?: ReportEvent;
  /** Door-record retention in days (default 180): ingestion refuses older records, the purge deletes them. */
  retentionDays?: number;
  ingest?: Pick<IngestOptions, 'futureToleranceMs' | 'chunkSize'> & {
    /** Largest NDJSON body accepted (default 16 MiB: ~80,000 records). */
    maxBodyBytes?: number;
  };
}
