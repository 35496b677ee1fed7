import { Directive, Field, ID, ObjectType } from 'type-graphql';

/*
 * Entities owned by the community subgraph. This subgraph knows only their key and contributes fields
 * (Community.complexes, Building.accessDevices, Person.accessRecords / lastAccess) from its own data.
 */

@Directive('@key(fields: "id")')
@ObjectType()
export class Community {
  @Field(() => ID) id: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Building {
  @Field(() => ID) id: string;
}

/** Only referenced (a video source's grid): this subgraph resolves nothing of a grid. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Grid {
  @Field(() => ID) id: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Person {
  @Field(() => ID) id: string;
}

export const communityRef = (id: number | string): Community => ({ id: String(id) });
export const buildingRef = (id: number | string): Building => ({ id: String(id) });
export const personRef = (id: number | string): Person => ({ id: String(id) });
export const gridRef = (id: number | string): Grid => ({ id: String(id) });
