import { Arg, Args, Ctx, FieldResolver, Float, ID, Query, Resolver, Root } from 'type-graphql';
import { badInput, childConnection, Connection, DataClass, found, PageArgs, requireReach, type GridhubContext } from '@gridhub/kit';
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
import { contains } from './grid.geometry';
import { GeoPolygon, Grid } from './grid.type';

const PersonConnection = Connection(Person);

@Resolver(() => Grid)
export class GridResolver {
  @Query(() => Grid, { nullable: true })
  async grid(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(gridById).load(Number(id)), 'Grid', id);
  }

  @Query(() => [Grid], { description: 'Current grids, of one community or of all' })
  grids(
    @Ctx() ctx: GridhubContext,
    @Arg('communityId', () => ID, { nullable: true }) communityId?: string,
    @Arg('includeRetired', { defaultValue: false, description: 'Also list grids retired by a merge' }) includeRetired?: boolean,
  ) {
    const qb = ctx.data.query(GridEntity, 'g');
    if (communityId) qb.andWhere('g.communityId = :communityId', { communityId: Number(communityId) });
    if (!includeRetired) qb.andWhere('g.validTo IS NULL');
    return qb.orderBy('g.id', 'ASC').getMany();
  }

  @Query(() => Grid, {
    nullable: true,
    description: 'The current grid that holds this point (WGS 84), among the grids you may see; null outside every one of them',
  })
  async gridAt(@Arg('lng', () => Float) lng: number, @Arg('lat', () => Float) lat: number, @Ctx() ctx: GridhubContext) {
    if (!(Math.abs(lng) <= 180 && Math.abs(lat) <= 90)) throw badInput('lng must lie in [-180, 180] and lat in [-90, 90]', { lng, lat });
    // The bounding boxes narrow the candidates in SQL (scoped like every grid read); the ring decides.
    const candidates = await ctx.data
      .query(GridEntity, 'g')
      .andWhere('g.validTo IS NULL')
      .andWhere('g.south <= :lat AND g.north >= :lat AND g.west <= :lng AND g.east >= :lng', { lat, lng })
      .orderBy('g.id', 'ASC')
      .getMany();
    return candidates.find((g) => g.boundary && contains(g.boundary, lng, lat)) ?? null;
  }

  @FieldResolver(() => GeoPolygon, { nullable: true, description: 'Its area as GeoJSON; null for a retired grid (its area is its successors\')' })
  boundary(@Root() g: Grid): GeoPolygon | null {
    return g.boundary ? { type: 'Polygon', coordinates: [g.boundary] } : null;
  }

  @FieldResolver(() => Community)
  async community(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(communityById).load(g.communityId), 'Community', g.communityId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The grid party branch (网格党支部)' })
  async partyBranch(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return g.partyBranchId == null ? null : ctx.loaders.get(organizationById).load(g.partyBranchId);
  }

  @FieldResolver(() => [GridWorker])
  async workers(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(workersByGrid).load(g.id);
  }

  @FieldResolver(() => [Building])
  async buildings(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(buildingsByGrid).load(g.id);
  }

  @FieldResolver(() => PersonConnection, { description: 'Persons registered in the grid' })
  residents(@Root() g: Grid, @Args() page: PageArgs, @Ctx() ctx: GridhubContext) {
    return childConnection(ctx.loaders, residentsPageByGrid, residentCountByGrid, g.id, page);
  }

  @FieldResolver(() => [Grid], { description: 'Grids this one replaced when grids were merged' })
  async replaced(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(gridsBySuccessor).load(g.id);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The grid that replaced this one, if retired' })
  async successor(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return g.successorId == null ? null : ctx.loaders.get(gridById).load(g.successorId);
  }

  @FieldResolver(() => DataCoverage, { nullable: true, description: 'Resident coverage: FORBIDDEN for roles that read no persons' })
  coverage(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.PERSONAL, 'see resident coverage');
    return ctx.loaders.get(coverageByGrid).load(g.id);
  }
}
