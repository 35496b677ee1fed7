import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A grid, owned by the community subgraph: this plug-in knows its id and contributes `treeHazards`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Grid {
  @Field(() => ID) id: number;
}

export const gridRef = (id: number): Grid => ({ id });
