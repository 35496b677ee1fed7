import { byId, groupedBy } from '@gridhub/kit';
import { OrganizationEntity } from './organization.entity';

export const organizationById = byId(OrganizationEntity, 'organizationById');
export const organizationsByCommunity = groupedBy(OrganizationEntity, 'communityId', 'organizationsByCommunity');
