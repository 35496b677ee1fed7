import { countBy, groupedBy, pagedBy } from '@gridhub/kit';
import { VolunteerEntity, WechatGroupEntity } from './volunteer.entity';

/** First page of a grid's volunteers (optionally of one role) and their count, one statement each per batch. */
export const volunteersPageByGrid = pagedBy(VolunteerEntity, 'gridId', 'volunteersPageByGrid');
export const volunteerCountByGrid = countBy(VolunteerEntity, 'gridId', 'volunteerCountByGrid');
export const volunteersByBuilding = groupedBy(VolunteerEntity, 'buildingId', 'volunteersByBuilding');
export const wechatGroupsByGrid = groupedBy(WechatGroupEntity, 'gridId', 'wechatGroupsByGrid');
