import { badInput, conflict, DataClass, notFound, type ScopedData } from '@gridhub/kit';
import { ComplexEntity } from '../complex/complex.entity';
import { DeviceEntity } from '../device/device.entity';
import { AccessDeviceKind } from '../device/device.type';
import { enqueueReport } from '../event-outbox/event-outbox.service';
import type { GridEventReport } from '../event-outbox/report-event.client';
import { FaceAlarmEntity } from './face-alarm.entity';
import { FACE_ALARM_TRANSITIONS, FaceAlarmDecision, FaceAlarmStatus } from './face-alarm.type';

/** Delivers the waiting reports with these externalRefs now (bound to the subgraph's outbox when it starts). */
export type DeliverReports = (externalRefs: string[]) => Promise<unknown>;

/**
 * Records a face camera's match: the camera must be one the caller sees (NOT_FOUND otherwise), in a complex whose
 * face alarms it may write (FORBIDDEN otherwise).
 */
export async function recordFaceAlarm(
  data: ScopedData,
  input: { cameraId: number; occurredAt: Date; similarity: number; watchEntryRef: string },
): Promise<FaceAlarmEntity> {
  if (!(input.similarity >= 0 && input.similarity <= 1)) throw badInput('similarity must be between 0 and 1', { field: 'similarity' });
  const ref = input.watchEntryRef.trim();
  if (!ref || ref.length > 64) throw badInput('watchEntryRef must have 1 to 64 characters', { field: 'watchEntryRef' });
  if (Number.isNaN(input.occurredAt.getTime()) || input.occurredAt.getTime() > Date.now() + 5 * 60_000)
    throw badInput('occurredAt must not be in the future', { field: 'occurredAt' });
  return data.transaction(async (tx) => {
    const camera = await tx.query(DeviceEntity, 'd').andWhere('d.id = :id', { id: input.cameraId }).getOne();
    if (!camera) throw notFound('Camera', input.cameraId);
    if (camera.kind !== AccessDeviceKind.FACE_CAMERA) throw badInput(`device ${camera.id} is not a face camera`, { field: 'cameraId' });
    const complex = await tx.query(ComplexEntity, 'c').andWhere('c.id = :id', { id: camera.complexId }).getOne();
    if (!complex) throw notFound('Camera', input.cameraId);
    tx.requireWritableTarget(DataClass.FACE_ALARMS, { complex: complex.id, community: complex.communityId }, `complex ${complex.id}`);
    const written = await tx.writer.insert(FaceAlarmEntity, {
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
    const id = Number(written.identifiers[0]!.id);
    return (await tx.query(FaceAlarmEntity, 'a').andWhere('a.id = :id', { id }).getOne())!;
  });
}

export const faceAlarmExternalRef = (id: number) => `complex:face-alarm:${id}`;

/**
 * Confirms or dismisses a face alarm the caller may change (`writable`). Confirming writes the status change and the
 * grid event (to the outbox) in one transaction, then delivers it; a retried confirmation finds the alarm CONFIRMED,
 * writes nothing and only retries a delivery that has not succeeded yet — so one alarm raises one event however
 * often it is confirmed.
 */
export async function decideFaceAlarm(
  data: ScopedData,
  id: number,
  decision: FaceAlarmDecision,
  by: { subject: string; note?: string | null },
  deliver?: DeliverReports,
): Promise<FaceAlarmEntity> {
  const transition = FACE_ALARM_TRANSITIONS[decision];
  const note = by.note?.trim() || null;
  if (note && note.length > 500) throw badInput('note must have at most 500 characters', { field: 'note' });
  const alarm = await data.transaction(async (tx) => {
    const current = await tx.writable(FaceAlarmEntity, id, { lock: true });
    const reread = async () => (await tx.query(FaceAlarmEntity, 'a').andWhere('a.id = :id', { id }).getOne())!;
    if (current.status === transition.to) return current; // a retry: already done
    if (!transition.from.includes(current.status as FaceAlarmStatus))
      throw conflict(`face alarm ${id} is ${current.status}; ${decision} is allowed only from ${transition.from.join(', ')}`, { status: current.status });
    const now = new Date();
    const changed = await tx.writer.update(
      FaceAlarmEntity,
      { id, status: current.status },
      { status: transition.to, decidedBy: by.subject, decidedAt: now, note, version: () => 'version + 1' },
    );
    if (!changed.affected) {
      // Decided concurrently between the read and the update: the other decision stands.
      const after = await reread();
      if (after.status === transition.to) return after;
      throw conflict(`face alarm ${id} was ${after.status} concurrently`, { status: after.status });
    }
    if (transition.raisesEvent) {
      const camera = await tx.query(DeviceEntity, 'd').andWhere('d.id = :id', { id: current.cameraId }).getOne();
      const complex = await tx.query(ComplexEntity, 'c').andWhere('c.id = :id', { id: current.complexId }).getOne();
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
      await enqueueReport(tx.writer, report, now);
    }
    return reread();
  });
  if (deliver && alarm.status === FaceAlarmStatus.CONFIRMED) await deliver([faceAlarmExternalRef(id)]);
  return alarm;
}
