import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum BuildingKind {
  RESIDENTIAL = 'RESIDENTIAL',
  VILLAGE_HOUSE = 'VILLAGE_HOUSE',
  MIXED = 'MIXED',
}
registerEnumType(BuildingKind, { name: 'BuildingKind' });

export enum HouseUse {
  SELF_OCCUPIED = 'SELF_OCCUPIED',
  RENTED = 'RENTED',
  VACANT = 'VACANT',
  OTHER = 'OTHER',
}
registerEnumType(HouseUse, { name: 'HouseUse' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '楼栋' })
export class Building {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field() address: string;
  @Field(() => BuildingKind) kind: BuildingKind;
  @Field(() => Int) floors: number;
  communityId: number;
  gridId: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '房屋' })
export class House {
  @Field(() => ID) id: number;
  @Field() unit: string;
  @Field(() => Int) floor: number;
  @Field() number: string;
  @Field(() => Float) area: number;
  @Field(() => HouseUse) use: HouseUse;
  buildingId: number;
  gridId: number;
}
