import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum FaceAlarmStatus {
  NEW = 'NEW',
  CONFIRMED = 'CONFIRMED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(FaceAlarmStatus, { name: 'FaceAlarmStatus' });

export enum FaceAlarmDecision {
  CONFIRM = 'CONFIRM',
  DISMISS = 'DISMISS',
}

/** The face-alarm lifecycle as data: which decision leads from which states to which state. */
export const FACE_ALARM_TRANSITIONS: Record<FaceAlarmDecision, { from: readonly FaceAlarmStatus[]; to: FaceAlarmStatus; raisesEvent: boolean }> = {
  [FaceAlarmDecision.CONFIRM]: { from: [FaceAlarmStatus.NEW], to: FaceAlarmStatus.CONFIRMED, raisesEvent: true },
  [FaceAlarmDecision.DISMISS]: { from: [FaceAlarmStatus.NEW], to: FaceAlarmStatus.DISMISSED, raisesEvent: false },
};

@Directive('@key(fields: "id")')
@ObjectType({ description: '人脸布控告警: a face-camera match (no face image is stored)' })
export class FaceAlarm {
  @Field(() => ID) id: number;
  @Field() occurredAt: Date;
  @Field(() => Float, { description: '0..1' }) similarity: number;
  @Field(() => FaceAlarmStatus) status: FaceAlarmStatus;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => Int) version: number;
  cameraId: number;
  complexId: number;
  watchEntryRef: string;
  decidedBy: string | null;
}
