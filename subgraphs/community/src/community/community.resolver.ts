import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { applyScope, childConnection, Connection, connectionOf, groupedBy, onlyVisible, PageArgs, paginate, requireVisible, scopeOf, visible, type GridhubContext } from '@gridhub/kit';
import { PersonEntity } from '../person/person.entity';
import { communityOwnedRow, communityRow, GRIDS, gridRow, personScope, PERSONS as PERSONS_CLASS, STRUCTURE } from '../scope';
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
    const qb = ctx.db.getRepository(CommunityEntity).createQueryBuilder('c');
    return applyScope(qb, scopeOf(ctx.identity, GRIDS), { communityId: 'c.id' }).orderBy('c.id', 'ASC').getMany();
  }

  @Query(() => Community, { nullable: true })
  async community(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return requireVisible(ctx.identity, GRIDS, await ctx.loaders.get(communityById).load(Number(id)), communityRow, 'Community', id);
  }

  @FieldResolver(() => Subdistrict)
  subdistrict(@Root() c: Community): Subdistrict {
    return { id: String(c.subdistrictId) };
  }

  @FieldResolver(() => [Grid], { description: 'Current grids (retired ones are reachable through Grid.replaced)' })
  async grids(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    return onlyVisible(ctx.identity, GRIDS, await ctx.loaders.get(currentGridsByCommunity).load(c.id), gridRow);
  }

  @FieldResolver(() => [GridWorker])
  async gridWorkers(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    return onlyVisible(ctx.identity, STRUCTURE, await ctx.loaders.get(workersByCommunity).load(c.id), communityOwnedRow);
  }

  @FieldResolver(() => [Organization])
  async organizations(@Root() c: Community, @Ctx() ctx: GridhubContext) {
    return onlyVisible(ctx.identity, STRUCTURE, await ctx.loaders.get(organizationsByCommunity).load(c.id), communityOwnedRow);
  }

  @FieldResolver(() => PersonConnection, { description: 'Persons registered in the community' })
  residents(@Root() c: Community, @Args() page: PageArgs, @Ctx() ctx: GridhubContext) {
    const scope = personScope(ctx);
    if (scope.kind === 'grids') {
      // Part of a community (a grid worker's grids in it): a scoped query. Such callers see one or two communities.
      const qb = ctx.db.getRepository(PersonEntity).createQueryBuilder('p').where('p.communityId = :c', { c: c.id });
      return paginate(applyScope(qb, scope, { gridId: 'p.gridId', communityId: 'p.communityId' }), page, { idColumn: 'p.id' });
    }
    if (!visible(ctx.identity, PERSONS_CLASS, communityRow(c))) return connectionOf([], 0, () => [], () => 0, page.after);
    return childConnection(ctx.loaders, residentsPageByCommunity, residentCountByCommunity, c.id, page);
  }

  @FieldResolver(() => DataCoverage)
  coverage(@Root() c: Community, @Ctx() ctx: GridhubContext) {
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
