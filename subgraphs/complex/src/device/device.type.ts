import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AccessDeviceKind {
  GATE = 'GATE',
  UNIT_DOOR = 'UNIT_DOOR',
  BARRIER = 'BARRIER',
  CAMERA = 'CAMERA',
  FACE_CAMERA = 'FACE_CAMERA',
}
registerEnumType(AccessDeviceKind, { name: 'AccessDeviceKind', description: 'GATE (小区大门), UNIT_DOOR (单元门), BARRIER (车辆道闸), CAMERA, FACE_CAMERA' });

/** Kinds that produce door records; the others are video devices (see `Camera`). */
export const ACCESS_KINDS: readonly string[] = [AccessDeviceKind.GATE, AccessDeviceKind.UNIT_DOOR, AccessDeviceKind.BARRIER];
export const CAMERA_KINDS: readonly string[] = [AccessDeviceKind.CAMERA, AccessDeviceKind.FACE_CAMERA];
/** Face cameras at doors also open them (with a face credential), so they may send door records too. */
export const RECORDING_KINDS: readonly string[] = [...ACCESS_KINDS, AccessDeviceKind.FACE_CAMERA];

export enum DeviceDirection {
  IN = 'IN',
  OUT = 'OUT',
  BOTH = 'BOTH',
}
registerEnumType(DeviceDirection, { name: 'AccessDeviceDirection' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '门禁设备: an access-control device (or any device of the complex, by kind)' })
export class AccessDevice {
  @Field(() => ID) id: number;
  @Field({ description: '20-digit GB/T 28181-style device code' }) code: string;
  @Field() name: string;
  @Field(() => AccessDeviceKind) kind: AccessDeviceKind;
  @Field() location: string;
  @Field(() => DeviceDirection) direction: DeviceDirection;
  @Field() online: boolean;
  @Field(() => Date, { nullable: true }) lastHeartbeatAt: Date | null;
  complexId: number;
  buildingId: number | null;
}
