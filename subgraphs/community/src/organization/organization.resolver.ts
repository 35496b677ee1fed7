import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { found, type GridhubContext } from '@gridhub/kit';
import { Community } from '../community/community.type';
import { communityById } from '../community/community.loader';
import { Organization } from './organization.type';

@Resolver(() => Organization)
export class OrganizationResolver {
  @FieldResolver(() => Community)
  async community(@Root() o: Organization, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(communityById).load(o.communityId), 'Community', o.communityId);
  }
}
