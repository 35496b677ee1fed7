import { deliverOutbox, enqueueOutbox, undeliveredOutbox, type DeliveryResult } from '@gridhub/kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { GridEventReport, ReportEvent } from './report-event.client';

export type { DeliveryResult };

/** Adds a report to the outbox inside the caller's transaction; a second add of the same externalRef is a no-op. */
export function enqueueReport(m: EntityManager, report: GridEventReport, now = new Date()): Promise<void> {
  return enqueueOutbox(m, { externalRef: report.externalRef, payload: report }, now);
}

/**
 * Delivers undelivered reports (all, or those with the given externalRefs) through the kit's outbox: claimed
 * one by one so two deliverers never send the same row, a failure leaves it for the next attempt.
 */
export function deliverReports(
  db: DataSource,
  reportEvent: ReportEvent,
  options: { externalRefs?: string[]; limit?: number; claimMs?: number; now?: () => Date } = {},
): Promise<DeliveryResult> {
  return deliverOutbox<GridEventReport>(db, (report) => reportEvent(report), options);
}

/** Rows that have waited longer than `olderThanMs` undelivered (for health and metrics). */
export const undeliveredReports = (db: DataSource, olderThanMs = 0): Promise<number> => undeliveredOutbox(db, olderThanMs);
