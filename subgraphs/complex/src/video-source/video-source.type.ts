import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum VideoSourceKind {
  VILLAGE_ROAD = 'VILLAGE_ROAD',
  FOREST = 'FOREST',
  RAILWAY = 'RAILWAY',
  RIVER_BANK = 'RIVER_BANK',
}
registerEnumType(VideoSourceKind, {
  name: 'VideoSourceKind',
  description: 'What a stream outside the complexes watches: village roads, forest fire watch (森林防火), railway protection (铁路护路), the river bank under the Yangtze fishing ban (长江禁渔)',
});

@ObjectType({ description: 'A video stream outside the residential complexes; the hub stores no video' })
export class VideoSource {
  @Field(() => ID) id: number;
  @Field({ description: '20-digit GB/T 28181 code' }) code: string;
  @Field() name: string;
  @Field(() => VideoSourceKind) kind: VideoSourceKind;
  @Field() location: string;
  @Field({ description: 'The stream on the video platform (a GB/T 28181 channel reference)' }) streamRef: string;
  @Field() online: boolean;
  gridId: number;
  communityId: number;
}
