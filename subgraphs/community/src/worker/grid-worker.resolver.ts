import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type GridhubContext } from '@gridhub/kit';
import { Community } from '../community/community.type';
import { communityById } from '../community/community.loader';
import { Grid } from '../grid/grid.type';
import { gridById } from '../grid/grid.loader';
import { assignmentsByWorker } from './grid-worker.loader';
import { GridWorker } from './grid-worker.type';

@Resolver(() => GridWorker)
export class GridWorkerResolver {
  @FieldResolver(() => Community)
  community(@Root() w: GridWorker, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(communityById).load(w.communityId);
  }

  @FieldResolver(() => [Grid])
  async grids(@Root() w: GridWorker, @Ctx() ctx: GridhubContext) {
    const assignments = await ctx.loaders.get(assignmentsByWorker).load(w.id);
    return ctx.loaders.get(gridById).loadMany(assignments.map((a) => a.gridId));
  }
}
