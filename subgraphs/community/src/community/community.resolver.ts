import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { childConnection, Connection, DataClass, found, groupedBy, PageArgs, requireReach, type GridhubContext } from '@gridhub/kit';
import { Grid } from '../grid/grid.type';
import { currentGridsByCommunity } from '../grid/grid.loader';
import { Organization } from '../organization/organization.type';
import { organizationsByCommunity } from '../organization/organization.loader';
import { Person } from '../person/person.type';
import { residentCountByCommunity, residentsPageByCommunity } from '../person/person.loader';
import { GridWorker } from '../worker/grid-worker.type';
import { workersByCommunity } from '../worker/grid-worker.loader';
import { CommunityEntity } from './community.entity';
import { communityById, coverageByCommunity } from './community.loader';
import { Community, DataCoverage, Subdistrict } from './community.type';

const PersonConnection = Connection(Person);
const communitiesBySubdistrict = groupedBy(CommunityEntity, 'subdistrictId', 'communitiesBySubdistrict');

@Resolver(() => Community)
export class CommunityResolver {
  @Query(() => [Community], { description: 'Every community and village of the subdistrict' })
  communities(@Ctx() ctx: GridhubContext) {
    return ctx.data.query(CommunityEntity, 'c').orderBy('c.id', 'ASC').getMany();
  }

  @Query(() => Community, { nullable: true })
  async community(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(communityById).load(Number(id)), 'Community', id);
  }

  @FieldResolver(() => Subdistrict)
  subdistrict(@Root() c: Community): Subdistrict {
    return { id: String(c.subdistrictId) };
  }

  @FieldResolver(() => [Grid], { description: 'Current grids (retired ones are reachable through Grid.replaced)' })
  async grids(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(currentGridsByCommunity).load(c.id);
  }

  @FieldResolver(() => [GridWorker])
  async gridWorkers(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(workersByCommunity).load(c.id);
  }

  @FieldResolver(() => [Organization])
  async organizations(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(organizationsByCommunity).load(c.id);
  }

  @FieldResolver(() => PersonConnection, { description: 'Persons registered in the community' })
  residents(@Root() c: Community, @Args() page: PageArgs, @Ctx() ctx: GridhubContext) {
    // The per-community page and count are scoped in SQL: a grid worker gets her grids' residents of the community.
    return childConnection(ctx.loaders, residentsPageByCommunity, residentCountByCommunity, c.id, page);
  }

  @FieldResolver(() => DataCoverage, { nullable: true, description: 'Resident coverage: FORBIDDEN for roles that read no persons' })
  coverage(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.PERSONAL, 'see resident coverage');
    return ctx.loaders.get(coverageByCommunity).load(c.id);
  }
}

@Resolver(() => Subdistrict)
export class SubdistrictCommunitiesResolver {
  @FieldResolver(() => [Community])
  communities(@Root() s: Subdistrict, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(communitiesBySubdistrict).load(Number(s.id));
  }
}
