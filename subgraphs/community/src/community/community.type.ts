import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CommunityKind {
  COMMUNITY = 'COMMUNITY',
  VILLAGE = 'VILLAGE',
}
registerEnumType(CommunityKind, { name: 'CommunityKind', description: '社区 (urban community) or 村 (village)' });

@ObjectType({ description: 'How much of the housing stock has registered residents, and the reverse' })
export class DataCoverage {
  @Field(() => Int) houses: number;
  @Field(() => Int, { description: 'Houses with no current residence record' }) housesWithoutResident: number;
  @Field(() => Int) persons: number;
  @Field(() => Int, { description: 'Persons with no current residence record' }) personsWithoutHouse: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '社区 or 村, with its governance station' })
export class Community {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field(() => CommunityKind) kind: CommunityKind;
  @Field({ description: 'Governance station (治理工作站)' }) station: string;
  @Field() address: string;
  subdistrictId: number;
}

/** The subdistrict is owned by the subdistrict subgraph; this one contributes `communities`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Subdistrict {
  @Field(() => ID) id: string;
}
