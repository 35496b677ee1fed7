import { badInput, enqueueOutbox, found, type GridEventReport, type OutboxMessage, type ScopedData } from '@gridhub/kit';
import type { EntityManager } from 'typeorm';
import { PowerLineEntity, PowerSpanEntity } from '../line/power-line.entity';
import { TreeHazardEntity } from '../hazard/tree-hazard.entity';
import { checkVersion, writableHazard, writeHazard } from '../hazard/tree-hazard.service';
import { canTransition } from '../hazard/tree-hazard.machine';
import { HazardLevel, HazardStatus } from '../hazard/tree-hazard.type';

/** The subdistrict's category for these events (infrastructure and utilities → tree hazard near power lines). */
export const MEDIATION_CATEGORY = 'INFRA_TREE_HAZARD';

/** Idempotency key of the n-th mediation request of a hazard: the subdistrict keeps one event per key. */
export const mediationExternalRef = (hazardId: number, n: number) => `powergrid:hazard:${hazardId}:mediation:${n}`;
const REF = /^powergrid:hazard:(\d+):mediation:(\d+)$/;

/** The grid event asking the village committee to mediate, as the subdistrict's `reportEvent` takes it. */
export function mediationReport(hazard: TreeHazardEntity, line: PowerLineEntity, span: PowerSpanEntity | null, reason: string, n: number): GridEventReport {
  const towers = span ? ` ${span.fromTower}-${span.toTower}号杆` : '';
  return {
    title: `树障清理协调：${line.name}${towers}`,
    description:
      `${line.agency} asks the village committee to mediate clearing tree hazard ${hazard.id} (${hazard.species}, ` +
      `clearance ${hazard.measuredClearanceM} m of ${hazard.requiredClearanceM} m required, ${hazard.level}): ${reason}`,
    category: MEDIATION_CATEGORY,
    priority: hazard.level === HazardLevel.CRITICAL ? 'URGENT' : 'NORMAL',
    source: 'PARTNER',
    gridId: String(hazard.gridId),
    location: hazard.location,
    reporter: line.agency.slice(0, 64),
    externalRef: mediationExternalRef(hazard.id, n),
  };
}

/**
 * Asks the village committee to mediate: the hazard moves to NEGOTIATING (from REPORTED or CLEARING; a NEGOTIATING
 * one stays) with the request recorded, and the grid event goes into the outbox IN THE SAME TRANSACTION — both or
 * neither. The dispatcher delivers it afterwards (retrying until the subdistrict subgraph takes it).
 */
export async function requestMediation(data: ScopedData, hazardId: string | number, expectedVersion: number, reason: string): Promise<TreeHazardEntity> {
  const why = reason?.trim() ?? '';
  if (!why) throw badInput('reason must not be empty', { field: 'reason' });
  if (why.length > 500) throw badInput('reason must have at most 500 characters', { field: 'reason' });
  return data.transaction(async (tx) => {
    // NOT_FOUND outside what the caller reads (another agency's hazard), FORBIDDEN where it reads but may not change.
    const hazard = await writableHazard(tx, hazardId);
    checkVersion(hazard, expectedVersion);
    if (hazard.status !== HazardStatus.NEGOTIATING && !canTransition(hazard.status as HazardStatus, HazardStatus.NEGOTIATING))
      throw badInput(`a ${hazard.status} hazard needs no mediation`, { field: 'hazardId', status: hazard.status });
    const n = hazard.mediationCount + 1;
    const now = new Date();
    // Whoever may change the hazard reads its line (the same agency) and span.
    const line = found(await tx.query(PowerLineEntity, 'l').andWhere('l.id = :id', { id: hazard.lineId }).getOne(), 'PowerLine', hazard.lineId);
    const span = await tx.query(PowerSpanEntity, 's').andWhere('s.id = :id', { id: hazard.spanId }).getOne();
    const updated = await writeHazard(tx, hazard, expectedVersion, {
      status: HazardStatus.NEGOTIATING, mediationRequestedAt: now, mediationReason: why, mediationCount: n,
    });
    // The kit's enqueue takes the transaction's EntityManager (an insert into the outbox, no read): `tx.writer` is it.
    await enqueueOutbox(tx.writer as EntityManager, { externalRef: mediationExternalRef(hazard.id, n), payload: mediationReport(updated, line, span, why, n) }, now);
    return updated;
  });
}

/**
 * Records a delivered mediation's grid event on its hazard (in the transaction that marks the outbox row delivered),
 * as the outbox job (`ScopedData.system(db, 'outbox')`): it acts for no caller. A conditional update, no read: an
 * older request delivered after a newer one does not overwrite the newer one's event.
 */
export async function recordMediationEvent(job: ScopedData, message: OutboxMessage<GridEventReport>, result: { id: string }): Promise<void> {
  const match = REF.exec(message.externalRef);
  if (!match) return;
  await job.writer.update(TreeHazardEntity, { id: Number(match[1]), mediationCount: Number(match[2]) }, { mediationEventId: result.id });
}
