import type { IdentityVerification } from '@gridhub/kit';
import type { IngestOptions } from './access-record/access-record.ingest';
import type { ReportEvent } from './event-outbox/report-event.client';

/** What one complex instance wires from its runtime (`complex.services`): resolvers get it as `ctx.services`, routes as `running.services`. */
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

/** What the complex's resolvers get as `ctx.services`: the options, and delivery bound to the database once it serves. */
export interface ComplexServices extends ComplexOptions {
  /**
   * Delivers the waiting reports with these externalRefs now (a confirmed face alarm's event): set when the subgraph
   * starts with `reportEvent`, so resolvers never hold the database itself.
   */
  deliverReports?: (externalRefs: string[]) => Promise<unknown>;
}
