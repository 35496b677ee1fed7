import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { IsNull } from 'typeorm';
import { childConnection, Connection, notFound, PageArgs, type GridhubContext } from '@gridhub/kit';
import { Building } from '../building/building.type';
import { buildingsByGrid } from '../building/building.loader';
import { communityById, coverageByGrid } from '../community/community.loader';
import { Community, DataCoverage } from '../community/community.type';
import { Organization } from '../organization/organization.type';
import { organizationById } from '../organization/organization.loader';
import { Person } from '../person/person.type';
import { residentCountByGrid, residentsPageByGrid } from '../person/person.loader';
import { GridWorker } from '../worker/grid-worker.type';
import { workersByGrid } from '../worker/grid-worker.loader';
import { GridEntity } from './grid.entity';
import { gridById, gridsBySuccessor } from './grid.loader';
import { Grid } from './grid.type';

const PersonConnection = Connection(Person);

@Resolver(() => Grid)
export class GridResolver {
  @Query(() => Grid, { nullable: true })
  async grid(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    const found = await ctx.loaders.get(gridById).load(Number(id));
    if (!found) throw notFound('Grid', id);
    return found;
  }

  @Query(() => [Grid], { description: 'Current grids, of one community or of all' })
  grids(
    @Ctx() ctx: GridhubContext,
    @Arg('communityId', () => ID, { nullable: true }) communityId?: string,
    @Arg('includeRetired', { defaultValue: false, description: 'Also list grids retired by a merge' }) includeRetired?: boolean,
  ) {
    return ctx.db.getRepository(GridEntity).find({
      where: {
        ...(communityId ? { communityId: Number(communityId) } : {}),
        ...(includeRetired ? {} : { validTo: IsNull() }),
      },
      order: { id: 'ASC' },
    });
  }

  @FieldResolver(() => Community)
  community(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(communityById).load(g.communityId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The grid party branch (网格党支部)' })
  partyBranch(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return g.partyBranchId == null ? null : ctx.loaders.get(organizationById).load(g.partyBranchId);
  }

  @FieldResolver(() => [GridWorker])
  workers(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(workersByGrid).load(g.id);
  }

  @FieldResolver(() => [Building])
  buildings(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(buildingsByGrid).load(g.id);
  }

  @FieldResolver(() => PersonConnection, { description: 'Persons registered in the grid' })
  residents(@Root() g: Grid, @Args() page: PageArgs, @Ctx() ctx: GridhubContext) {
    return childConnection(ctx.loaders, residentsPageByGrid, residentCountByGrid, g.id, page);
  }

  @FieldResolver(() => [Grid], { description: 'Grids this one replaced when grids were merged' })
  replaced(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(gridsBySuccessor).load(g.id);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The grid that replaced this one, if retired' })
  successor(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return g.successorId == null ? null : ctx.loaders.get(gridById).load(g.successorId);
  }

  @FieldResolver(() => DataCoverage)
  coverage(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(coverageByGrid).load(g.id);
  }
}
