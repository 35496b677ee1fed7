import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A video stream (视频监控) or a face-recognition camera; the hub stores no video and no faces' })
export class Camera {
  @Field(() => ID) id: number;
  @Field({ description: '20-digit GB/T 28181 device code' }) code: string;
  @Field() name: string;
  @Field() location: string;
  @Field() online: boolean;
  @Field(() => Date, { nullable: true }) lastHeartbeatAt: Date | null;
  kind: string;
  complexId: number;
  buildingId: number | null;
}
