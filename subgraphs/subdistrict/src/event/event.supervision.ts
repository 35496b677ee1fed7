import { ScopedData, type Logger } from '@gridhub/kit';
import { IsNull, type DataSource } from 'typeorm';
import { DepartmentEntity } from '../department/department.entity';
import { EventHistoryEntity, GridEventEntity } from './event.entity';
import { FINAL_STATUSES, HistoryAction } from './event.enums';
import { emitEventSupervised } from './event.webhooks';

/** At most this many events per run: a backlog is worked off run by run, each run one short transaction. */
const BATCH = 200;

/**
 * 督办: an event late by its stage's own time limit (RED) goes into the supervising department's queue — the
 * comprehensive-governance centre of the subdistrict (the centre of its assigned department's subdistrict; the
 * first centre when none is assigned) — once: `supervisedAt` marks it, a history row says so, a log line tells
 * operators and a GRID_EVENT_RED_SUPERVISED webhook the subscribers who may read it. The update is conditional on `supervisedAt IS NULL`, so two instances never double one.
 */
export async function superviseRedEvents(db: DataSource, now = new Date(), log?: Logger): Promise<number> {
  const system = ScopedData.system(db, 'event-supervision');
  return system.transaction(async (tx) => {
    const due = await tx
      .query(GridEventEntity, 'e')
      .andWhere('e.redAt < :now AND e.supervisedAt IS NULL', { now })
      .andWhere('e.status NOT IN (:...final)', { final: [...FINAL_STATUSES] })
      .orderBy('e.redAt', 'ASC')
      .take(BATCH)
      .getMany();
    if (!due.length) return 0;
    const centres = await tx.query(DepartmentEntity, 'd').andWhere("d.kind = 'CENTER'").orderBy('d.id', 'ASC').getMany();
    const departments = await tx.query(DepartmentEntity, 'd').andWhere('d.id IN (:...ids)', { ids: [0, ...due.map((e) => e.assignedDepartmentId ?? 0)] }).getMany();
    const subdistrictOf = new Map(departments.map((d) => [d.id, d.subdistrictId]));
    let count = 0;
    for (const event of due) {
      const subdistrictId = event.assignedDepartmentId == null ? undefined : subdistrictOf.get(event.assignedDepartmentId);
      const centre = centres.find((c) => c.subdistrictId === subdistrictId) ?? centres[0];
      if (!centre) break;
      const written = await tx.writer.update(GridEventEntity, { id: event.id, supervisedAt: IsNull() }, { supervisedAt: now, supervisingDepartmentId: centre.id });
      if (!written.affected) continue;
      await tx.writer.insert(EventHistoryEntity, {
        eventId: event.id, action: HistoryAction.SUPERVISE, fromStatus: event.status, toStatus: event.status,
        // The job's own (system) identity, as every write of it.
        actorSubject: system.identity.subject, actorRole: system.identity.role, actorName: '超时督办', note: `红牌督办：${centre.name}`,
        assignedDepartmentId: event.assignedDepartmentId, assignedWorkerId: event.assignedWorkerId, at: now,
      });
      // Receivers that may read the event hear of it, in this transaction (a rolled-back run sends nothing).
      await emitEventSupervised(tx, { ...event, supervisedAt: now, supervisingDepartmentId: centre.id });
      log?.warn({ eventId: event.id, status: event.status, redAt: event.redAt, departmentId: centre.id }, `event ${event.id} is RED: supervised by ${centre.name}`);
      count++;
    }
    return count;
  });
}
