import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, decodeCursor, pageSize, type GridhubContext } from '@gridhub/kit';
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
    const gridId = Number(g.id);
    const where = status ? { status } : undefined;
    const size = pageSize(first);
    const afterId = after ? Number(decodeCursor(after, 1)[0]) : undefined;
    const rows = size === 0 ? [] : await ctx.loaders.get(eventsPageByGrid).load({ parent: gridId, limit: size + 1, afterId, where });
    return connectionOf(rows, size, (r) => [r.id], () => ctx.loaders.get(eventCountByGrid).load({ parent: gridId, where }), after);
  }
}
