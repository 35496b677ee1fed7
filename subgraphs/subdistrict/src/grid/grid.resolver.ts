import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, forbidden, Role, type GridhubContext } from '@gridhub/kit';
import { GridEventsArgs } from '../event/event.input';
import { eventCountByGrid, eventsPageByGrid, gridEventsKey } from '../event/event.loader';
import { GridEventConnection } from '../event/event.resolver';
import { Grid } from './grid.type';

@Resolver(() => Grid)
export class GridEventsResolver {
  @FieldResolver(() => GridEventConnection, { description: 'Grid events of this grid, newest first' })
  async events(@Root() g: Grid, @Args() { status, first, after }: GridEventsArgs, @Ctx() ctx: GridhubContext) {
    const { identity } = ctx;
    const gridId = Number(g.id);
    if (identity.role === Role.PARTNER || identity.role === Role.COMPLEX_MANAGER) throw forbidden(`${identity.role} does not see grid events by grid`);
    if (identity.role === Role.GRID_WORKER && !identity.gridIds?.includes(gridId)) throw forbidden(`grid ${gridId} is not one of your grids`);
    const page = await childConnection(ctx.loaders, eventsPageByGrid, eventCountByGrid, gridEventsKey(gridId, status), { first, after });
    // Community staff: every event records its community, so rows outside their communities give the grid away.
    if (identity.role === Role.COMMUNITY_STAFF && page.edges.some((edge) => !identity.communityIds?.includes(edge.node.communityId)))
      throw forbidden(`grid ${gridId} is outside your communities`);
    return page;
  }
}
