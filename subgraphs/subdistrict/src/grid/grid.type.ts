import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A grid, owned by the community subgraph: this subgraph knows its id and contributes `events`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Grid {
  @Field(() => ID) id: number;
}

/** A community, owned by the community subgraph; referenced by events. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Community {
  @Field(() => ID) id: number;
}

/** A grid worker, owned by the community subgraph; events can be assigned to one. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class GridWorker {
  @Field(() => ID) id: number;
}
