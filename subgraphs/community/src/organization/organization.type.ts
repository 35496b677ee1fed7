import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum OrganizationKind {
  PARTY_BRANCH = 'PARTY_BRANCH',
  PROPERTY_COMPANY = 'PROPERTY_COMPANY',
  OWNERS_COMMITTEE = 'OWNERS_COMMITTEE',
  VOLUNTEER_TEAM = 'VOLUNTEER_TEAM',
  SOCIAL_ORGANIZATION = 'SOCIAL_ORGANIZATION',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

@Directive('@key(fields: "id")')
@ObjectType()
export class Organization {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => OrganizationKind) kind: OrganizationKind;
  @Field(() => String, { nullable: true }) contactName: string | null;
  communityId: number;
}
