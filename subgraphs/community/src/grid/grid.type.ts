import { Directive, Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum GridKind {
  URBAN = 'URBAN',
  RURAL = 'RURAL',
}
registerEnumType(GridKind, { name: 'GridKind', description: 'URBAN grid (1,500–2,000 residents) or RURAL (by villager group)' });

@ObjectType({ description: 'A GeoJSON Polygon (RFC 7946): `coordinates` holds the outer ring of [longitude, latitude] pairs (WGS 84), closed' })
export class GeoPolygon {
  @Field({ description: 'Always "Polygon"' }) type: string;
  @Field(() => [[[Float]]]) coordinates: [number, number][][];
}

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
  boundary: [number, number][] | null;
}
