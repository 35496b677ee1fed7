import { defineSubgraph } from '@gridhub/kit';
import { Directive, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';

/** `Grid` as the test subgraph extends it: the key, and one field of its own (nullable, as a plug-in's fields should be). */
@Directive('@key(fields: "id")')
@ObjectType('Grid')
export class TestGrid {
  @Field(() => ID) id: string;
}

@Resolver(() => TestGrid)
export class TestGridResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Answered by the test subgraph (stands in for a partner plug-in)' })
  testField(@Root() grid: TestGrid): string {
    return `grid ${grid.id} seen by the plug-in`;
  }

  @Query(() => String, { description: 'Which plug-in answers' })
  testSubgraph(): string {
    return 'gridtest';
  }
}

/**
 * A partner plug-in in miniature, built with the kit exactly as a vendor would: extends `Grid` with `testField`.
 * End-to-end tests publish it to the registry at run time (it is not part of the static graph).
 */
export const testSubgraph = defineSubgraph({
  name: 'gridtest',
  resolvers: [TestGridResolver],
  orphanedTypes: [TestGrid],
  entities: [],
  migrations: { sqlite: [], mysql: [] },
});
