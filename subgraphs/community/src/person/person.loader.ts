import { byId, countBy, groupedBy, pagedBy } from '@gridhub/kit';
import { CareVisitEntity, PersonEntity, PersonTagEntity, ResidenceEntity } from './person.entity';

export const personById = byId(PersonEntity, 'personById');
/** First page of residents per grid / community, one statement per batch of parents. */
export const residentsPageByGrid = pagedBy(PersonEntity, 'gridId', 'residentsPageByGrid');
export const residentsPageByCommunity = pagedBy(PersonEntity, 'communityId', 'residentsPageByCommunity');
export const residentCountByGrid = countBy(PersonEntity, 'gridId', 'residentCountByGrid');
export const residentCountByCommunity = countBy(PersonEntity, 'communityId', 'residentCountByCommunity');
/** Current residences (not moved out) by person and by house. */
export const currentResidencesByPerson = groupedBy(ResidenceEntity, 'personId', 'currentResidencesByPerson', { where: { movedOutAt: null } });
export const currentResidencesByHouse = groupedBy(ResidenceEntity, 'houseId', 'currentResidencesByHouse', { where: { movedOutAt: null } });
export const residencesByPerson = groupedBy(ResidenceEntity, 'personId', 'residencesByPerson', { order: { movedInAt: 'DESC' } });
export const tagsByPerson = groupedBy(PersonTagEntity, 'personId', 'tagsByPerson');
export const careVisitsByPerson = groupedBy(CareVisitEntity, 'personId', 'careVisitsByPerson', { order: { visitedAt: 'DESC' } });
