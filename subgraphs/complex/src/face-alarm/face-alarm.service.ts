import { badInput, conflict, notFound } from '@gridhub/kit';
import type { DataSource } from 'typeorm';
import { ComplexEntity } from '../complex/complex.entity';
import { DeviceEntity } from '../device/device.entity';
import { AccessDeviceKind } from '../device/device.type';
import { deliverReports, enqueueReport } from '../event-outbox/event-outbox.service';
import type { GridEventReport, ReportEvent } from '../event-outbox/report-event.client';
import { FaceAlarmEntity } from './face-alarm.entity';
import { FACE_ALARM_TRANSITIONS, FaceAlarmDecision, FaceAlarmStatus } from './face-alarm.type';

export async function recordFaceAlarm(
  db: DataSource,
  input: { cameraId: number; occurredAt: Date; similarity: number; watchEntryRef: string },
  allowedComplex: (complexId: number) => boolean = () => true,
): Promise<FaceAlarmEntity> {
  if (!(input.similarity >= 0 && input.similarity <= 1)) throw badInput('similarity must be between 0 and 1', { field: 'similarity' });
  const ref = input.watchEntryRef.trim();
  if (!ref || ref.length > 64) throw badInput('watchEntryRef must have 1 to 64 characters', { field: 'watchEntryRef' });
  if (Number.isNaN(input.occurredAt.getTime()) || input.occurredAt.getTime() > Date.now() + 5 * 60_000)
    throw badInput('occurredAt must not be in the future', { field: 'occurredAt' });
  const camera = await db.getRepository(DeviceEntity).findOneBy({ id: input.cameraId });
  if (!camera || !allowedComplex(camera.complexId)) throw notFound('Camera', input.cameraId);
  if (camera.kind !== AccessDeviceKind.FACE_CAMERA) throw badInput(`device ${camera.id} is not a face camera`, { field: 'cameraId' });
  return db.getRepository(FaceAlarmEntity).save({
    cameraId: camera.id,
    complexId: camera.complexId,
    occurredAt: input.occurredAt,
    similarity: input.similarity,
    watchEntryRef: ref,
    status: FaceAlarmStatus.NEW,
    decidedBy: null,
    decidedAt: null,
    note: null,
  });
}

export const faceAlarmExternalRef = (id: number) => `complex:face-alarm:${id}`;

/**
 * Confirms or dismisses a face alarm. Confirming writes the status change and the grid event (to the outbox) in
 * one transaction, then delivers it; a retried confirmation finds the alarm CONFIRMED, writes nothing and only
 * retries a delivery that has not succeeded yet — so one alarm raises one event however often it is confirmed.
 */
export async function decideFaceAlarm(
  db: DataSource,
  id: number,
  decision: FaceAlarmDecision,
  by: { subject: string; note?: string | null },
  reportEvent?: ReportEvent,
  allowedComplex: (complexId: number) => boolean = () => true,
): Promise<FaceAlarmEntity> {
  const transition = FACE_ALARM_TRANSITIONS[decision];
  const note = by.note?.trim() || null;
  if (note && note.length > 500) throw badInput('note must have at most 500 characters', { field: 'note' });
  const alarm = await db.transaction(async (m) => {
    const current = await m.findOneBy(FaceAlarmEntity, { id });
    if (!current || !allowedComplex(current.complexId)) throw notFound('FaceAlarm', id);
    if (current.status === transition.to) return current; // a retry: already done
    if (!transition.from.includes(current.status as FaceAlarmStatus))
      throw conflict(`face alarm ${id} is ${current.status}; ${decision} is allowed only from ${transition.from.join(', ')}`, { status: current.status });
    const now = new Date();
    const changed = await m
      .createQueryBuilder()
      .update(FaceAlarmEntity)
      .set({ status: transition.to, decidedBy: by.subject, decidedAt: now, note, version: () => 'version + 1' } as never)
      .where('id = :id AND status = :from', { id, from: current.status })
      .execute();
    if (!changed.affected) {
      // Decided concurrently between the read and the update: the other decision stands.
      const after = (await m.findOneBy(FaceAlarmEntity, { id }))!;
      if (after.status === transition.to) return after;
      throw conflict(`face alarm ${id} was ${after.status} concurrently`, { status: after.status });
    }
    if (transition.raisesEvent) {
      const camera = await m.findOneBy(DeviceEntity, { id: current.cameraId });
      const complex = await m.findOneBy(ComplexEntity, { id: current.complexId });
      if (!complex) throw notFound('ResidentialComplex', current.complexId);
      const report: GridEventReport = {
        title: `人脸布控告警 ${complex.name} ${camera?.location ?? ''}`.trim(),
        description:
          `Face alarm ${id} confirmed by ${by.subject}: camera ${camera?.code ?? current.cameraId}, ` +
          `similarity ${current.similarity.toFixed(2)}, at ${current.occurredAt.toISOString()}.${note ? ` ${note}` : ''}`,
        category: 'PUBLIC_SECURITY_HAZARD',
        priority: 'URGENT',
        source: 'DEVICE',
        gridId: String(complex.gridId),
        location: `${complex.name} ${camera?.location ?? ''}`.trim(),
        reporter: '人脸识别系统',
        externalRef: faceAlarmExternalRef(id),
      };
      await enqueueReport(m, report, now);
    }
    return (await m.findOneBy(FaceAlarmEntity, { id }))!;
  });
  if (reportEvent && alarm.status === FaceAlarmStatus.CONFIRMED) await deliverReports(db, reportEvent, { externalRefs: [faceAlarmExternalRef(id)] });
  return alarm;
}
