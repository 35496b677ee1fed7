import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  Action, badInput, can, Connection, connectionOf, DataClass, decodeCursor, dispatcherOf, pageSize, requireAction, requireReach, type GridhubContext,
} from '@gridhub/kit';
import type { SelectQueryBuilder } from 'typeorm';
import { Camera } from '../camera/camera.type';
import { cameraById } from '../camera/camera.loader';
import { ResidentialComplex } from '../complex/complex.type';
import { complexById } from '../complex/complex.loader';
import type { ComplexServices } from '../runtime';
import { sqlTime } from '../sql-time';
import { FaceAlarmEntity } from './face-alarm.entity';
import { FaceAlarmsArgs, RecordFaceAlarmInput } from './face-alarm.input';
import { decideFaceAlarm, recordFaceAlarm } from './face-alarm.service';
import { FaceAlarm, FaceAlarmDecision } from './face-alarm.type';

const FaceAlarmConnection = Connection(FaceAlarm);

/**
 * Keyset pagination by (occurredAt DESC, id DESC). The kit's `paginate` puts the ISO text of a Date in the cursor
 * and compares it with the column as is, which orders wrongly against SQLite's `YYYY-MM-DD HH:MM:SS` text;
 * this compares in the columns' own format (`sqlTime`).
 */
async function newestFirst(qb: SelectQueryBuilder<FaceAlarmEntity>, args: { first?: number | null; after?: string | null }) {
  const size = pageSize(args.first);
  const count = qb.clone();
  if (args.after) {
    const [time, id] = decodeCursor(args.after, 2);
    const at = new Date(String(time));
    if (Number.isNaN(at.getTime())) throw badInput('`after` is not a cursor this list issued', { field: 'after' });
    qb.andWhere('(a.occurredAt < :__t OR (a.occurredAt = :__t AND a.id < :__id))', { __t: sqlTime(at), __id: Number(id) });
  }
  const rows = size === 0 ? [] : await qb.orderBy('a.occurredAt', 'DESC').addOrderBy('a.id', 'DESC').take(size + 1).getMany();
  return connectionOf(rows, size, (r) => [r.occurredAt.toISOString(), r.id], () => count.getCount(), args.after);
}

@Resolver(() => FaceAlarm)
export class FaceAlarmResolver {
  @Query(() => FaceAlarmConnection, { description: 'Face alarms, newest first' })
  faceAlarms(@Args() { filter, first, after }: FaceAlarmsArgs, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.FACE_ALARMS, 'read face alarms');
    const qb = ctx.data.query(FaceAlarmEntity, 'a');
    if (filter?.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter?.cameraId) qb.andWhere('a.cameraId = :cameraId', { cameraId: Number(filter.cameraId) });
    if (filter?.complexId) qb.andWhere('a.complexId = :complexId', { complexId: Number(filter.complexId) });
    if (filter?.since) qb.andWhere('a.occurredAt >= :since', { since: sqlTime(filter.since) });
    if (filter?.until) qb.andWhere('a.occurredAt < :until', { until: sqlTime(filter.until) });
    return newestFirst(qb, { first, after });
  }

  @Mutation(() => FaceAlarm, { description: 'A face camera (through its platform) reports a match' })
  recordFaceAlarm(@Arg('input') input: RecordFaceAlarmInput, @Ctx() ctx: GridhubContext) {
    requireAction(ctx.identity, Action.ACCESS_INGEST, 'record face alarms');
    return recordFaceAlarm(ctx.data, { ...input, cameraId: Number(input.cameraId) });
  }

  @Mutation(() => FaceAlarm, { description: 'Confirms a face alarm and raises one grid event (source DEVICE); retrying is safe' })
  confirmFaceAlarm(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext<ComplexServices>, @Arg('note', () => String, { nullable: true }) note?: string) {
    requireAction(ctx.identity, Action.FACE_ALARM_DECIDE, 'confirm face alarms');
    // Its event is sent before the answer when the subdistrict is up; otherwise the outbox's background loop sends it.
    const dispatcher = dispatcherOf(ctx.data.connection);
    return decideFaceAlarm(ctx.data, Number(id), FaceAlarmDecision.CONFIRM, { subject: ctx.identity.subject, note }, dispatcher && ((refs) => dispatcher.deliverNow(refs)));
  }

  @Mutation(() => FaceAlarm, { description: 'Dismisses a face alarm (a false match); raises nothing' })
  dismissFaceAlarm(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext, @Arg('note', () => String, { nullable: true }) note?: string) {
    requireAction(ctx.identity, Action.FACE_ALARM_DECIDE, 'dismiss face alarms');
    return decideFaceAlarm(ctx.data, Number(id), FaceAlarmDecision.DISMISS, { subject: ctx.identity.subject, note });
  }

  @FieldResolver(() => Camera)
  camera(@Root() a: FaceAlarm, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(cameraById).load(a.cameraId);
  }

  @FieldResolver(() => ResidentialComplex)
  complex(@Root() a: FaceAlarm, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(complexById).load(a.complexId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Watch-list reference: restricted, null for roles that may not see it' })
  watchEntryRef(@Root() a: FaceAlarm, @Ctx() ctx: GridhubContext): string | null {
    return can(ctx.identity, Action.FACE_ALARM_WATCH_ENTRY) ? a.watchEntryRef : null;
  }
}
