import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';
import { FaceAlarmStatus } from './face-alarm.type';

@InputType({ description: 'A match reported by a face camera' })
export class RecordFaceAlarmInput {
  @Field(() => ID) cameraId: string;
  @Field() occurredAt: Date;
  @Field(() => Float) similarity: number;
  @Field({ description: 'Reference to the restricted watch-list entry' }) watchEntryRef: string;
}

@InputType({ description: 'All given conditions must hold' })
export class FaceAlarmFilter {
  @Field(() => FaceAlarmStatus, { nullable: true }) status?: FaceAlarmStatus;
  @Field(() => ID, { nullable: true }) cameraId?: string;
  @Field(() => ID, { nullable: true }) complexId?: string;
  @Field(() => Date, { nullable: true }) since?: Date;
  @Field(() => Date, { nullable: true }) until?: Date;
}

@ArgsType()
export class FaceAlarmsArgs extends PageArgs {
  @Field(() => FaceAlarmFilter, { nullable: true }) filter?: FaceAlarmFilter;
}
