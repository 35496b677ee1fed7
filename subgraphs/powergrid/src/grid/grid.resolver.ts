import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, type GridhubContext } from '@gridhub/kit';
import { GridTreeHazardsArgs } from '../hazard/tree-hazard.input';
import { gridHazardsKey, hazardCountByGrid, hazardsPageByGrid } from '../hazard/tree-hazard.loader';
import { TreeHazardConnection } from '../hazard/tree-hazard.resolver';
import { hazardScope } from '../scope';
import { Grid } from './grid.type';

@Resolver(() => Grid)
export class GridTreeHazardsResolver {
  @FieldResolver(() => TreeHazardConnection, {
    nullable: true,
    description: 'Tree hazards near power lines in this grid, newest first (the caller\'s agency only, for partners)',
  })
  treeHazards(@Root() g: Grid, @Args() { status, first, after }: GridTreeHazardsArgs, @Ctx() ctx: GridhubContext) {
    const key = gridHazardsKey({ gridId: Number(g.id), status: status ?? null, scope: hazardScope(ctx.identity) });
    return childConnection(ctx.loaders, hazardsPageByGrid, hazardCountByGrid, key, { first, after });
  }
}
