import { byId, countBy, pagedBy } from '@gridhub/kit';
import { TreeHazardEntity } from './tree-hazard.entity';

/** A hazard by id within the caller's scope (queries, `line`/`span` parents, federation references): null outside it. */
export const hazardById = byId(TreeHazardEntity, 'hazardById');

/** Newest-first pages of a grid's hazards (the caller's scope; `where: { status }` for one status), one statement per batch. */
export const hazardsPageByGrid = pagedBy(TreeHazardEntity, 'gridId', 'hazardsPageByGrid', { order: 'DESC' });

/** Hazards per grid in the caller's scope (key `{ parent, where: { status } }` for one status), one `GROUP BY` per batch. */
export const hazardCountByGrid = countBy(TreeHazardEntity, 'gridId', 'hazardCountByGrid');

/** Hazards per campaign in the caller's scope; the campaign's cleared count is `{ parent, where: { status: 'CLEARED' } }`. */
export const hazardCountByCampaign = countBy(TreeHazardEntity, 'campaignId', 'hazardCountByCampaign');
