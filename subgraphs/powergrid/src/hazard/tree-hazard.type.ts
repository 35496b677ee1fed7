import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum HazardStatus {
  REPORTED = 'REPORTED',
  NEGOTIATING = 'NEGOTIATING',
  CLEARING = 'CLEARING',
  CLEARED = 'CLEARED',
}
registerEnumType(HazardStatus, {
  name: 'HazardStatus',
  description: 'REPORTED → (NEGOTIATING with the owner, mediated by the village committee if needed) → CLEARING → CLEARED',
});

export enum HazardLevel {
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
  CRITICAL = 'CRITICAL',
}
registerEnumType(HazardLevel, { name: 'HazardLevel', description: 'By clearance deficit: SERIOUS from 0.5 m, CRITICAL from 1.0 m' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '树障: a tree too close to a 10 kV line' })
export class TreeHazard {
  @Field(() => ID) id: number;
  lineId: number;
  spanId: number;
  gridId: number;
  communityId: number;
  campaignId: number | null;
  @Field({ description: 'The power company whose line it is' }) agency: string;
  @Field() species: string;
  @Field(() => Float, { description: 'Clearance measured between the tree and the conductor, metres' }) measuredClearanceM: number;
  @Field(() => Float, { description: 'Clearance required for the line, metres' }) requiredClearanceM: number;
  @Field(() => HazardLevel) level: HazardLevel;
  @Field(() => HazardStatus) status: HazardStatus;
  @Field() location: string;
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
  @Field(() => [String], { description: 'Photo references (keys in the agency\'s store); no images are held here' }) photos: string[];
  @Field() reportedBy: string;
  @Field() reportedAt: Date;
  @Field(() => Date, { nullable: true }) clearedAt: Date | null;
  @Field(() => Date, { nullable: true }) mediationRequestedAt: Date | null;
  @Field(() => String, { nullable: true }) mediationReason: string | null;
  @Field(() => Int) mediationCount: number;
  @Field(() => ID, { nullable: true, description: 'The grid event raised for the latest mediation request, once delivered' })
  mediationEventId: string | null;
  @Field(() => Int, { description: 'Send it back as `expectedVersion` with a change' }) version: number;
  @Field() updatedAt: Date;
}
