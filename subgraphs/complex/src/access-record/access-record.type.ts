import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum AccessDirection {
  IN = 'IN',
  OUT = 'OUT',
}
registerEnumType(AccessDirection, { name: 'AccessDirection' });

export enum AccessCredential {
  CARD = 'CARD',
  QR = 'QR',
  PASSWORD = 'PASSWORD',
  FACE = 'FACE',
  REMOTE = 'REMOTE',
}
registerEnumType(AccessCredential, { name: 'AccessCredential', description: 'How the door was opened (REMOTE: by staff from the app or console)' });

export enum AccessResult {
  GRANTED = 'GRANTED',
  DENIED = 'DENIED',
  FORCED = 'FORCED',
  HELD_OPEN = 'HELD_OPEN',
}
registerEnumType(AccessResult, { name: 'AccessResult' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '门禁记录: one door event (personal information: readable by roles that need it)' })
export class AccessRecord {
  @Field(() => ID) id: string;
  @Field(() => Float, { description: "The device's sequence number of the record" }) deviceSeq: number;
  @Field({ description: "When it happened, by the device's clock" }) deviceTime: Date;
  @Field({ description: 'When the hub received it' }) receivedAt: Date;
  @Field(() => AccessDirection) direction: AccessDirection;
  @Field(() => AccessCredential) credential: AccessCredential;
  @Field(() => AccessResult) result: AccessResult;
  deviceId: number;
  complexId: number;
  personId: number | null;
}

export enum IngestRejectionCode {
  INVALID_JSON = 'INVALID_JSON',
  MISSING_FIELD = 'MISSING_FIELD',
  BAD_VALUE = 'BAD_VALUE',
  UNKNOWN_DEVICE = 'UNKNOWN_DEVICE',
  NOT_A_DOOR_DEVICE = 'NOT_A_DOOR_DEVICE',
  FUTURE_TIME = 'FUTURE_TIME',
  BEYOND_RETENTION = 'BEYOND_RETENTION',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** The record names a person who holds no active credential in the device's complex. */
  UNKNOWN_PERSON = 'UNKNOWN_PERSON',
}
registerEnumType(IngestRejectionCode, { name: 'IngestRejectionCode', description: 'Why one record of a batch was not stored' });

@ObjectType({ description: 'One record of a batch that was not stored, and why' })
export class IngestRejection {
  @Field(() => Int, { description: 'Position in the batch (0-based; for NDJSON, among non-empty lines)' }) index: number;
  @Field(() => String, { nullable: true }) deviceId: string | null;
  @Field(() => Float, { nullable: true }) deviceSeq: number | null;
  @Field(() => IngestRejectionCode) code: IngestRejectionCode;
  @Field() reason: string;
}

@ObjectType({ description: 'accepted + duplicates + rejected = records sent' })
export class IngestResult {
  @Field(() => Int, { description: 'Stored now' }) accepted: number;
  @Field(() => Int, { description: 'Valid, but already stored (sent before, or twice in this batch)' }) duplicates: number;
  @Field(() => Int) rejected: number;
  @Field(() => [IngestRejection]) rejections: IngestRejection[];
}
