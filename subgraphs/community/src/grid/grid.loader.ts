import { byId, groupedBy } from '@gridhub/kit';
import { GridEntity } from './grid.entity';

export const gridById = byId(GridEntity, 'gridById');
/** Current grids (validTo null) of each community. */
export const currentGridsByCommunity = groupedBy(GridEntity, 'communityId', 'currentGridsByCommunity', { where: { validTo: null } });
/** Grids a grid replaced in a merge. */
export const gridsBySuccessor = groupedBy(GridEntity, 'successorId', 'gridsBySuccessor');
