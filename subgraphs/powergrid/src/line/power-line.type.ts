import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: '10 kV distribution line (10千伏线路)' })
export class PowerLine {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field(() => Int) voltageKv: number;
  @Field({ description: 'The power company operating the line' }) agency: string;
  @Field(() => Int) lengthM: number;
  @Field(() => Int) towerCount: number;
}

@ObjectType({ description: 'A span between two consecutive towers of a line (档距)' })
export class PowerSpan {
  @Field(() => ID) id: number;
  lineId: number;
  @Field(() => Int) fromTower: number;
  @Field(() => Int) toTower: number;
  @Field() location: string;
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
  gridId: number;
  communityId: number;
}
