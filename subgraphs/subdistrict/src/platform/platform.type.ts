import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum PlatformTier {
  SUBDISTRICT = 'SUBDISTRICT',
  COMMUNITY = 'COMMUNITY',
  COMPLEX = 'COMPLEX',
}
registerEnumType(PlatformTier, { name: 'PlatformTier', description: 'The tier a platform serves: 街道, 社区/村 or 小区' });

export enum PlatformCapability {
  ACCESS_CONTROL = 'ACCESS_CONTROL',
  PERSONS = 'PERSONS',
  EVENTS = 'EVENTS',
  VIDEO = 'VIDEO',
}
registerEnumType(PlatformCapability, { name: 'PlatformCapability' });

export enum PlatformStatus {
  ONLINE = 'ONLINE',
  DEGRADED = 'DEGRADED',
  OFFLINE = 'OFFLINE',
  PLANNED = 'PLANNED',
}
registerEnumType(PlatformStatus, { name: 'PlatformStatus' });

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A smart platform of one of the three tiers' })
export class Platform {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field(() => PlatformTier) tier: PlatformTier;
  @Field(() => ID, { description: 'Id of the subdistrict, community or residential complex it serves (per `tier`)' }) scopeId: number;
  @Field() vendor: string;
  @Field(() => PlatformStatus) status: PlatformStatus;
  subdistrictId: number;
  capabilities: string;
}
