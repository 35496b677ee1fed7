import { byId, groupedBy } from '@gridhub/kit';
import { PowerLineEntity, PowerSpanEntity } from './power-line.entity';

/** Lines, spans by id within the caller's scope (null outside it: references and `powerLine` answer NOT_FOUND). */
export const lineById = byId(PowerLineEntity, 'lineById');
export const spanById = byId(PowerSpanEntity, 'spanById');
/** A line's spans in tower order. */
export const spansByLine = groupedBy(PowerSpanEntity, 'lineId', 'spansByLine', { order: { fromTower: 'ASC' } });
