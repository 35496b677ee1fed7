import { byId, groupedBy } from '@gridhub/kit';
import { PowerLineEntity, PowerSpanEntity } from './power-line.entity';

export const lineById = byId(PowerLineEntity, 'lineById');
export const spanById = byId(PowerSpanEntity, 'spanById');
/** A line's spans in tower order. */
export const spansByLine = groupedBy(PowerSpanEntity, 'lineId', 'spansByLine', { order: { fromTower: 'ASC' } });
