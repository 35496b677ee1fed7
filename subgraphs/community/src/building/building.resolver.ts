import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { found, type GridhubContext } from '@gridhub/kit';
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
    return found(await ctx.loaders.get(buildingById).load(Number(id)), 'Building', id);
  }

  @FieldResolver(() => Grid)
  async grid(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(gridById).load(b.gridId), 'Grid', b.gridId);
  }

  @FieldResolver(() => Community)
  async community(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(communityById).load(b.communityId), 'Community', b.communityId);
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
    return found(await ctx.loaders.get(houseById).load(Number(id)), 'House', id);
  }

  @FieldResolver(() => Building)
  async building(@Root() h: House, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(buildingById).load(h.buildingId), 'Building', h.buildingId);
  }

  @FieldResolver(() => Grid)
  async grid(@Root() h: House, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(gridById).load(h.gridId), 'Grid', h.gridId);
  }

  @FieldResolver(() => [Residence], { description: 'Current residents (not moved out)' })
  residents(@Root() h: House, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(currentResidencesByHouse).load(h.id);
  }
}
