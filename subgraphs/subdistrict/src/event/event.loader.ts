import { byId, countBy, groupedBy, pagedBy } from '@gridhub/kit';
import { EventHistoryEntity, GridEventEntity } from './event.entity';

/** Events by id in the caller's scope (root `event`, `_entities`): out of scope is null, i.e. NOT_FOUND. */
export const eventById = byId(GridEventEntity, 'eventById');
/** Each event's history, oldest first: one statement per batch of events. */
export const historyByEvent = groupedBy(EventHistoryEntity, 'eventId', 'historyByEvent', { order: { id: 'ASC' } });
/** Newest-first pages of a batch of grids' events in the caller's scope (a status as the key's `where`). */
export const eventsPageByGrid = pagedBy(GridEventEntity, 'gridId', 'eventsPageByGrid', { order: 'DESC' });
/** Number of events per grid (and status) in the caller's scope. */
export const eventCountByGrid = countBy(GridEventEntity, 'gridId', 'eventCountByGrid');
