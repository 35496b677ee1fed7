import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';

/**
 * One door record as a device gateway sends it. Fields are loosely typed on purpose: a bad value rejects that
 * record alone (with a reason), not the whole batch, as GraphQL validation would.
 */
@InputType()
export class AccessRecordInput {
  @Field(() => ID, { nullable: true, description: 'AccessDevice.id (or give deviceCode)' }) deviceId?: string;
  @Field(() => String, { nullable: true, description: 'The device\'s 20-digit GB/T 28181 code, instead of deviceId' }) deviceCode?: string;
  @Field(() => Float, { nullable: true, description: "Non-negative integer, unique per device" }) deviceSeq?: number;
  @Field(() => String, { nullable: true, description: 'ISO 8601 with a zone, e.g. 2026-11-28T08:15:00+08:00' }) deviceTime?: string;
  @Field(() => String, { nullable: true, description: 'IN | OUT' }) direction?: string;
  @Field(() => String, { nullable: true, description: 'CARD | QR | PASSWORD | FACE | REMOTE' }) credential?: string;
  @Field(() => String, { nullable: true, description: 'GRANTED | DENIED | FORCED | HELD_OPEN' }) result?: string;
  @Field(() => ID, { nullable: true }) personId?: string;
}

@ArgsType()
export class AccessRecordsArgs extends PageArgs {
  @Field(() => Date, { nullable: true, description: 'Only records at or after this device time' }) since?: Date;
}

@ArgsType()
export class DeviceRecordsArgs extends AccessRecordsArgs {
  @Field(() => Date, { nullable: true, description: 'Only records before this device time' }) until?: Date;
}
