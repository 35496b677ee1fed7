import { byId } from '@gridhub/kit';
import { HazardCampaignEntity } from './hazard-campaign.entity';

export const campaignById = byId(HazardCampaignEntity, 'campaignById');
