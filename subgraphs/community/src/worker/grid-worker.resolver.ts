import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { found, type GridhubContext } from '@gridhub/kit';
import { Community } from '../community/community.type';
import { communityById } from '../community/community.loader';
import { Grid } from '../grid/grid.type';
import { gridById } from '../grid/grid.loader';
import { assignmentsByWorker } from './grid-worker.loader';
import { GridWorker } from './grid-worker.type';

@Resolver(() => GridWorker)
export class GridWorkerResolver {
  @FieldResolver(() => Community)
  async community(@Root() w: GridWorker, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(communityById).load(w.communityId), 'Community', w.communityId);
  }

  @FieldResolver(() => [Grid])
  async grids(@Root() w: GridWorker, @Ctx() ctx: GridhubContext) {
    const assignments = await ctx.loaders.get(assignmentsByWorker).load(w.id);
    // Grids of the worker the caller may see (a grid worker's colleague may also cover grids outside hers).
    return (await ctx.loaders.get(gridById).loadMany(assignments.map((a) => a.gridId))).filter((g) => g != null && !(g instanceof Error));
  }
}
