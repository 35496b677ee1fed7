import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { applyScope, childConnection, Connection, connectionOf, onlyVisible, PageArgs, requireVisible, scopeOf, visible, type GridhubContext } from '@gridhub/kit';
import { buildingRow, communityOwnedRow, communityRow, GRIDS, gridRow, PERSONS, STRUCTURE } from '../scope';
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
    return requireVisible(ctx.identity, GRIDS, await ctx.loaders.get(gridById).load(Number(id)), gridRow, 'Grid', id);
  }

  @Query(() => [Grid], { description: 'Current grids, of one community or of all' })
  grids(
    @Ctx() ctx: GridhubContext,
    @Arg('communityId', () => ID, { nullable: true }) communityId?: string,
    @Arg('includeRetired', { defaultValue: false, description: 'Also list grids retired by a merge' }) includeRetired?: boolean,
  ) {
    const qb = ctx.db.getRepository(GridEntity).createQueryBuilder('g');
    applyScope(qb, scopeOf(ctx.identity, GRIDS), { gridId: 'g.id', communityId: 'g.communityId' });
    if (communityId) qb.andWhere('g.communityId = :communityId', { communityId: Number(communityId) });
    if (!includeRetired) qb.andWhere('g.validTo IS NULL');
    return qb.orderBy('g.id', 'ASC').getMany();
  }

  @FieldResolver(() => Community)
  async community(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return requireVisible(ctx.identity, GRIDS, await ctx.loaders.get(communityById).load(g.communityId), communityRow, 'Community', g.communityId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The grid party branch (网格党支部)' })
  async partyBranch(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    const branch = g.partyBranchId == null ? null : await ctx.loaders.get(organizationById).load(g.partyBranchId);
    return branch && visible(ctx.identity, STRUCTURE, communityOwnedRow(branch)) ? branch : null;
  }

  @FieldResolver(() => [GridWorker])
  async workers(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return visible(ctx.identity, STRUCTURE, gridRow(g)) ? ctx.loaders.get(workersByGrid).load(g.id) : [];
  }

  @FieldResolver(() => [Building])
  async buildings(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return onlyVisible(ctx.identity, STRUCTURE, await ctx.loaders.get(buildingsByGrid).load(g.id), buildingRow);
  }

  @FieldResolver(() => PersonConnection, { description: 'Persons registered in the grid' })
  residents(@Root() g: Grid, @Args() page: PageArgs, @Ctx() ctx: GridhubContext) {
    // A grid is in a caller's person scope as a whole or not at all (scopes are grids or communities).
    if (!visible(ctx.identity, PERSONS, gridRow(g))) return connectionOf([], 0, () => [], () => 0, page.after);
    return childConnection(ctx.loaders, residentsPageByGrid, residentCountByGrid, g.id, page);
  }

  @FieldResolver(() => [Grid], { description: 'Grids this one replaced when grids were merged' })
  async replaced(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return onlyVisible(ctx.identity, GRIDS, await ctx.loaders.get(gridsBySuccessor).load(g.id), gridRow);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The grid that replaced this one, if retired' })
  async successor(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    const next = g.successorId == null ? null : await ctx.loaders.get(gridById).load(g.successorId);
    return next && visible(ctx.identity, GRIDS, gridRow(next)) ? next : null;
  }

  @FieldResolver(() => DataCoverage)
  coverage(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(coverageByGrid).load(g.id);
  }
}
