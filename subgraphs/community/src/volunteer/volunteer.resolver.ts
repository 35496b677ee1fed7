import { Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, Connection, found, PageArgs, type GridhubContext } from '@gridhub/kit';
import { Building } from '../building/building.type';
import { buildingById } from '../building/building.loader';
import { Grid } from '../grid/grid.type';
import { gridById } from '../grid/grid.loader';
import { volunteerCountByGrid, volunteersByBuilding, volunteersPageByGrid, wechatGroupsByGrid } from './volunteer.loader';
import { Volunteer, VolunteerRole, WechatGroup } from './volunteer.type';

const VolunteerConnection = Connection(Volunteer);

@ArgsType()
class GridVolunteersArgs extends PageArgs {
  @Field(() => VolunteerRole, { nullable: true, description: 'Only volunteers of this role' }) role?: VolunteerRole;
}

@Resolver(() => Volunteer)
export class VolunteerResolver {
  @FieldResolver(() => Grid)
  async grid(@Root() v: Volunteer, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(gridById).load(v.gridId), 'Grid', v.gridId);
  }

  @FieldResolver(() => Building, { nullable: true, description: 'The building a building head (楼栋长) looks after' })
  async building(@Root() v: Volunteer, @Ctx() ctx: GridhubContext) {
    return v.buildingId == null ? null : ctx.loaders.get(buildingById).load(v.buildingId);
  }
}

@Resolver(() => Grid)
export class GridVolunteersResolver {
  @FieldResolver(() => VolunteerConnection, { description: 'The volunteers assigned to this grid (count them with totalCount)' })
  volunteers(@Root() g: Grid, @Args() { role, ...page }: GridVolunteersArgs, @Ctx() ctx: GridhubContext) {
    return childConnection(ctx.loaders, volunteersPageByGrid, volunteerCountByGrid, Number(g.id), page, role ? { role } : undefined);
  }

  @FieldResolver(() => [WechatGroup], { description: 'The grid\'s WeChat groups (网格微信群): its residents\' group first' })
  wechatGroups(@Root() g: Grid, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(wechatGroupsByGrid).load(Number(g.id));
  }
}

@Resolver(() => Building)
export class BuildingHeadResolver {
  @FieldResolver(() => Volunteer, { nullable: true, description: 'The building head (楼栋长), if the building has one' })
  async head(@Root() b: Building, @Ctx() ctx: GridhubContext) {
    return (await ctx.loaders.get(volunteersByBuilding).load(Number(b.id)))[0] ?? null;
  }
}
