import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum GridKind {
  URBAN = 'URBAN',
  RURAL = 'RURAL',
}
registerEnumType(GridKind, { name: 'GridKind', description: 'URBAN grid (1,500–2,000 residents) or RURAL (by villager group)' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '网格: the smallest unit of grid governance' })
export class Grid {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field(() => GridKind) kind: GridKind;
  @Field({ description: 'First day this grid was in force' }) validFrom: string;
  @Field(() => String, { nullable: true, description: 'Last day in force; null while current' }) validTo: string | null;
  communityId: number;
  partyBranchId: number | null;
  successorId: number | null;
}
