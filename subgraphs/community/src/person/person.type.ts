import { Sensitive } from '@gridhub/kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PopulationTag } from './person-tag';

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Sex, { name: 'Sex' });

export enum Residency {
  LOCAL = 'LOCAL',
  FLOATING = 'FLOATING',
}
registerEnumType(Residency, { name: 'Residency', description: 'LOCAL (户籍人口) or FLOATING (流动人口)' });

export enum ResidenceRelation {
  OWNER = 'OWNER',
  TENANT = 'TENANT',
  FAMILY = 'FAMILY',
}
registerEnumType(ResidenceRelation, { name: 'ResidenceRelation' });

export enum CareVisitKind {
  HOME_VISIT = 'HOME_VISIT',
  PHONE = 'PHONE',
  ESCORT = 'ESCORT',
  OTHER = 'OTHER',
}
registerEnumType(CareVisitKind, { name: 'CareVisitKind' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '人口: a registered person' })
export class Person {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => Sex) sex: Sex;
  // The birth date is digits 7–14 of the ID number: shown in clear it would rebuild the masked number.
  @Sensitive('BIRTH_DATE', { description: 'Birth year only' }) birthDate: string;
  @Field(() => Residency) residency: Residency;
  @Field(() => Int, { description: 'Optimistic-lock version: pass it back to updatePerson' }) version: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Sensitive('ID_NUMBER', { description: 'Resident identity number' }) idNumber: string;
  @Sensitive('PHONE', { nullable: true }) phone: string | null;
  gridId: number;
  communityId: number;
}

@ObjectType({ description: 'A person living in a house' })
export class Residence {
  @Field(() => ID) id: number;
  @Field(() => ResidenceRelation) relation: ResidenceRelation;
  @Field() movedInAt: string;
  @Field(() => String, { nullable: true }) movedOutAt: string | null;
  personId: number;
  houseId: number;
}

@ObjectType()
export class PersonTagRecord {
  @Field(() => ID) id: number;
  @Field(() => PopulationTag) tag: PopulationTag;
  @Field({ description: 'Special-population tag: sensitive personal information' }) restricted: boolean;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field() createdAt: Date;
  personId: number;
}

@ObjectType({ description: '走访记录' })
export class CareVisit {
  @Field(() => ID) id: number;
  @Field() visitor: string;
  @Field() visitedAt: Date;
  @Field(() => CareVisitKind) kind: CareVisitKind;
  @Field() note: string;
  personId: number;
  workerId: number | null;
}

@ObjectType({ description: 'Clear identity data of one person, given out by revealPersonIdentity (audited)' })
export class RevealedIdentity {
  @Field(() => ID) personId: number;
  @Field({ description: 'Clear resident identity number' }) idNumber: string;
  @Field(() => String, { nullable: true, description: 'Clear phone number' }) phone: string | null;
  @Field({ description: 'Clear birth date (YYYY-MM-DD)' }) birthDate: string;
}
