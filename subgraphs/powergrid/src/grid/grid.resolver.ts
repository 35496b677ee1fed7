import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, type GridhubContext } from '@gridhub/kit';
import { GridTreeHazardsArgs } from '../hazard/tree-hazard.input';
import { hazardCountByGrid, hazardsPageByGrid } from '../hazard/tree-hazard.loader';
import { TreeHazardConnection } from '../hazard/tree-hazard.resolver';
import { Grid } from './grid.type';

@Resolver(() => Grid)
export class GridTreeHazardsResolver {
  /**
   * Through the kit's scoped `pagedBy` / `countBy`: the window and the count carry the caller's scope in SQL, so a
   * page is full of rows the caller may see and `totalCount` counts only those (one statement each per request).
   */
  @FieldResolver(() => TreeHazardConnection, {
    nullable: true,
    description: 'Tree hazards near power lines in this grid that you may see, newest first',
  })
  async treeHazards(@Root() g: Grid, @Args() { status, first, after }: GridTreeHazardsArgs, @Ctx() ctx: GridhubContext) {
    return childConnection(ctx.loaders, hazardsPageByGrid, hazardCountByGrid, Number(g.id), { first, after }, status ? { status } : undefined);
  }
}
