import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound, requireVisible, visible, type GridhubContext } from '@gridhub/kit';
import { buildingRow, PERSONS, STRUCTURE } from '../scope';
import { Community } from '../community/community.type';
import { communityById } from '../community/community.loader';
import { Grid } from '../grid/grid.type';
import { gridById } from '../grid/grid.loader';
import { Residence } from '../person/person.type';
import { currentResidencesByHouse } from '../person/person.loader';
import { buildingById, houseById, housesByBuilding } from './building.loader';
import { Building, House } from './building.type';

@Resolver(() => Building)
export class BuildingResolver {
  @Query(() => Building, { nullable: true })
  async building(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return requireVisible(ctx.identity, STRUCTURE, await ctx.loaders.get(buildingById).load(Number(id)), buildingRow, 'Building', id);
  }

  @FieldResolver(() => Grid)
  grid(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(gridById).load(b.gridId);
  }

  @FieldResolver(() => Community)
  community(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(communityById).load(b.communityId);
  }

  @FieldResolver(() => [House])
  houses(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(housesByBuilding).load(b.id);
  }
}

@Resolver(() => House)
export class HouseResolver {
  @Query(() => House, { nullable: true })
  async house(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    const found = await visibleHouse(ctx, await ctx.loaders.get(houseById).load(Number(id)));
    if (!found) throw notFound('House', id);
    return found;
  }

  @FieldResolver(() => Building)
  building(@Root() h: House, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(buildingById).load(h.buildingId);
  }

  @FieldResolver(() => Grid)
  grid(@Root() h: House, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(gridById).load(h.gridId);
  }

  @FieldResolver(() => [Residence], { description: 'Current residents (not moved out)' })
  async residents(@Root() h: House, @Ctx() ctx: GridhubContext) {
    const building = await ctx.loaders.get(buildingById).load(h.buildingId);
    const inScope = building && visible(ctx.identity, PERSONS, { gridId: h.gridId, communityId: building.communityId });
    return inScope ? ctx.loaders.get(currentResidencesByHouse).load(h.id) : [];
  }
}

/** A house is in scope with its grid and its building's community (houses record no community of their own). */
export async function visibleHouse<H extends { gridId: number; buildingId: number }>(ctx: GridhubContext, house: H | null): Promise<H | null> {
  if (!house) return null;
  const building = await ctx.loaders.get(buildingById).load(house.buildingId);
  return building && visible(ctx.identity, STRUCTURE, { gridId: house.gridId, communityId: building.communityId }) ? house : null;
}
