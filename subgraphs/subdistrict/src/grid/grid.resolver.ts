import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, type GridhubContext } from '@gridhub/kit';
import { GridEventsArgs } from '../event/event.input';
import { eventCountByGrid, eventsPageByGrid } from '../event/event.loader';
import { GridEventConnection } from '../event/event.resolver';
import { Grid } from './grid.type';

@Resolver(() => Grid)
export class GridEventsResolver {
  /**
   * A page and a count of the grid's events, both through scoped loaders: rows and `totalCount` hold only events the
   * caller may read (a grid worker asking about another grid gets none; a partner its own reports).
   */
  @FieldResolver(() => GridEventConnection, { description: 'Grid events of this grid in the caller\'s scope, newest first' })
  async events(@Root() g: Grid, @Args() { status, first, after }: GridEventsArgs, @Ctx() ctx: GridhubContext) {
    return childConnection(ctx.loaders, eventsPageByGrid, eventCountByGrid, Number(g.id), { first, after }, status ? { status } : undefined);
  }
}
