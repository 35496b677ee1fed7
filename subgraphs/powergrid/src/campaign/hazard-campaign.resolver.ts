import { Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GridhubContext } from '@gridhub/kit';
import { clearedCountByCampaign } from '../hazard/tree-hazard.loader';
import { lineScope, restrictToScope } from '../scope';
import { HazardCampaignEntity } from './hazard-campaign.entity';
import { HazardCampaign } from './hazard-campaign.type';

@Resolver(() => HazardCampaign)
export class HazardCampaignResolver {
  @Query(() => [HazardCampaign], { description: 'Clearing campaigns, newest first; partners see their agency\'s only' })
  hazardCampaigns(@Ctx() ctx: GridhubContext) {
    const qb = ctx.db.getRepository(HazardCampaignEntity).createQueryBuilder('c');
    return restrictToScope(qb, 'c', lineScope(ctx.identity)).orderBy('c.startsOn', 'DESC').addOrderBy('c.id', 'ASC').getMany();
  }

  @FieldResolver(() => Int, { description: 'Hazards of the campaign cleared so far' })
  clearedCount(@Root() c: HazardCampaign, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(clearedCountByCampaign).load(c.id);
  }
}
