import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, decodeCursor, pageSize, type GridhubContext } from '@gridhub/kit';
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
    const gridId = Number(g.id);
    const where = status ? { status } : undefined;
    const size = pageSize(first);
    const afterId = after ? decodeCursor(after, 1)[0] : undefined;
    const rows = size === 0 ? [] : await ctx.loaders.get(hazardsPageByGrid).load({ parent: gridId, limit: size + 1, afterId, where });
    return connectionOf(rows, size, (r) => [r.id], () => ctx.loaders.get(hazardCountByGrid).load({ parent: gridId, where }), after);
  }
}
