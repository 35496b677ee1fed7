import { deliverOutbox, enqueueOutbox, type DeliveryResult, type Writer } from '@gridhub/kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { GridEventReport, ReportEvent } from './report-event.client';

export type { DeliveryResult };

/**
 * Adds a report to the outbox inside the caller's transaction (`tx.writer`); a second add of the same externalRef
 * is a no-op. The kit's `enqueueOutbox` still takes an EntityManager: inside `data.transaction` the writer is the
 * transaction's manager (the outbox is not a governed table: nothing is read through it).
 */
export function enqueueReport(writer: Writer, report: GridEventReport, now = new Date()): Promise<void> {
  return enqueueOutbox(writer as EntityManager, { externalRef: report.externalRef, payload: report }, now);
}

/**
 * Delivers undelivered reports (all, or those with the given externalRefs) through the kit's outbox: claimed
 * one by one so two deliverers never send the same row, a failure leaves it for the next attempt. Background work:
 * jobs and the subgraph's own delivery hook (`complex.start`), never a resolver's data access.
 */
export function deliverReports(
  db: DataSource,
  reportEvent: ReportEvent,
  options: { externalRefs?: string[]; limit?: number; claimMs?: number; now?: () => Date } = {},
): Promise<DeliveryResult> {
  return deliverOutbox<GridEventReport>(db, (report) => reportEvent(report), options);
}
