import { Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';
import { ArgsType } from 'type-graphql';
import { CareVisitKind, Residency, ResidenceRelation } from './person.type';
import { PopulationTag } from './person-tag';

@InputType()
export class RegisterPersonInput {
  @Field() name: string;
  @Field({ description: '18-character resident identity number (GB 11643), check digit verified' }) idNumber: string;
  @Field({ nullable: true, description: 'If given, must equal the birth date encoded in the ID number' }) birthDate?: string;
  @Field({ nullable: true }) phone?: string;
  @Field(() => Residency, { nullable: true, defaultValue: Residency.LOCAL }) residency?: Residency;
  @Field(() => ID, { nullable: true, description: 'Grid of registration; taken from the house when a house is given' }) gridId?: string;
  @Field(() => ID, { nullable: true }) houseId?: string;
  @Field(() => ResidenceRelation, { nullable: true, defaultValue: ResidenceRelation.OWNER }) relation?: ResidenceRelation;
  @Field({ nullable: true, description: 'Move-in date (default today)' }) movedInAt?: string;
}

@InputType()
export class UpdatePersonInput {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true, description: 'Empty string clears the phone number' }) phone?: string;
  @Field(() => Residency, { nullable: true }) residency?: Residency;
  @Field(() => ID, { nullable: true, description: 'Move the person to a house (ends the current residence)' }) houseId?: string;
  @Field(() => ResidenceRelation, { nullable: true }) relation?: ResidenceRelation;
}

@InputType()
export class RecordCareVisitInput {
  @Field(() => ID) personId: string;
  @Field(() => ID, { nullable: true }) workerId?: string;
  @Field({ nullable: true, description: 'Visitor name when not a grid worker' }) visitor?: string;
  @Field({ nullable: true, description: 'Default: now' }) visitedAt?: Date;
  @Field(() => CareVisitKind, { defaultValue: CareVisitKind.HOME_VISIT }) kind: CareVisitKind;
  @Field() note: string;
}

@InputType({ description: 'All given conditions must hold' })
export class PersonFilter {
  @Field(() => ID, { nullable: true }) gridId?: string;
  @Field(() => ID, { nullable: true }) communityId?: string;
  @Field(() => ID, { nullable: true, description: 'Persons currently living in this building' }) buildingId?: string;
  @Field(() => PopulationTag, { nullable: true }) tag?: PopulationTag;
  @Field({ nullable: true, description: 'Name starts with' }) namePrefix?: string;
  @Field(() => Int, { nullable: true }) minAge?: number;
  @Field(() => Int, { nullable: true }) maxAge?: number;
  @Field({ nullable: true, description: 'true: only persons without a current house; false: only with one' }) withoutHouse?: boolean;
}

@ArgsType()
export class PersonsArgs extends PageArgs {
  @Field(() => PersonFilter, { nullable: true }) filter?: PersonFilter;
}
