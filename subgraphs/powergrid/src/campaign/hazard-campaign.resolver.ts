import { Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GridhubContext } from '@gridhub/kit';
import { hazardCountByCampaign } from '../hazard/tree-hazard.loader';
import { HazardStatus } from '../hazard/tree-hazard.type';
import { HazardCampaignEntity } from './hazard-campaign.entity';
import { HazardCampaign } from './hazard-campaign.type';

@Resolver(() => HazardCampaign)
export class HazardCampaignResolver {
  @Query(() => [HazardCampaign], { description: 'Clearing campaigns you may see (partners: their agency\'s), newest first' })
  hazardCampaigns(@Ctx() ctx: GridhubContext) {
    return ctx.data.query(HazardCampaignEntity, 'c').orderBy('c.startsOn', 'DESC').addOrderBy('c.id', 'ASC').getMany();
  }

  @FieldResolver(() => Int, { description: 'Hazards of the campaign cleared so far (of those you may see)' })
  clearedCount(@Root() c: HazardCampaign, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(hazardCountByCampaign).load({ parent: c.id, where: { status: HazardStatus.CLEARED } });
  }
}
