import { In, IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { sqlTime } from '../sql-time';
import { EventOutboxEntity } from './event-outbox.entity';
import type { GridEventReport, ReportEvent } from './report-event.client';

/** Adds a report to the outbox inside the caller's transaction; a second add of the same externalRef is a no-op. */
export async function enqueueReport(m: EntityManager, report: GridEventReport, now = new Date()): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(EventOutboxEntity)
    .values({ externalRef: report.externalRef, payload: JSON.stringify(report), createdAt: now, attempts: 0, claimedUntil: null, deliveredAt: null, eventId: null, lastError: null })
    .orIgnore()
    .execute();
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
}

/**
 * Delivers undelivered outbox rows (all, or those with the given externalRefs). Each row is first claimed with a
 * conditional update, so two deliverers (a retried confirmation, the periodic relay, another replica) never
 * send the same row at once; a failure releases the claim for the next attempt. The receiver deduplicates by
 * externalRef, which covers the one remaining gap (a crash after the call, before `deliveredAt` is written).
 */
export async function deliverReports(
  db: DataSource,
  reportEvent: ReportEvent,
  options: { externalRefs?: string[]; limit?: number; claimMs?: number; now?: () => Date } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? (() => new Date());
  const repo = db.getRepository(EventOutboxEntity);
  const pending = await repo.find({
    where: { deliveredAt: IsNull(), ...(options.externalRefs ? { externalRef: In(options.externalRefs) } : {}) },
    order: { id: 'ASC' },
    take: options.limit ?? 100,
  });
  const result: DeliveryResult = { delivered: 0, failed: 0 };
  for (const row of pending) {
    const at = now();
    const claim = await repo
      .createQueryBuilder()
      .update()
      .set({ claimedUntil: new Date(at.getTime() + (options.claimMs ?? 30_000)), attempts: () => 'attempts + 1' })
      .where('id = :id AND deliveredAt IS NULL AND (claimedUntil IS NULL OR claimedUntil < :at)', { id: row.id, at: sqlTime(at) })
      .execute();
    if (!claim.affected) continue;
    try {
      const { id } = await reportEvent(JSON.parse(row.payload) as GridEventReport);
      await repo.update({ id: row.id }, { deliveredAt: now(), eventId: id, claimedUntil: null, lastError: null });
      result.delivered++;
    } catch (err) {
      await repo.update({ id: row.id }, { claimedUntil: null, lastError: String((err as Error).message).slice(0, 500) });
      result.failed++;
    }
  }
  return result;
}

/** Rows that have waited longer than `olderThanMs` undelivered (for health and metrics). */
export async function undeliveredReports(db: DataSource, olderThanMs = 0): Promise<number> {
  return db.getRepository(EventOutboxEntity).countBy({ deliveredAt: IsNull(), createdAt: LessThan(sqlTime(new Date(Date.now() - olderThanMs)) as never) });
}
