import { applyScope, DataClass, inScope, Role, scopeOf, type Identity } from '@gridhub/kit';
import type { SelectQueryBuilder } from 'typeorm';
import { EventSource } from './event.enums';
import type { GridEventEntity } from './event.entity';

/** The sources each role may report under (DESIGN.md roles); AUDITOR reports nothing. */
export const REPORT_SOURCES: Readonly<Record<Role, readonly EventSource[]>> = {
  [Role.SUBDISTRICT_ADMIN]: Object.values(EventSource),
  [Role.CENTER_OPERATOR]: Object.values(EventSource),
  [Role.COMMUNITY_STAFF]: [EventSource.CITIZEN, EventSource.PATROL, EventSource.DEVICE],
  [Role.GRID_WORKER]: [EventSource.PATROL, EventSource.CITIZEN],
  [Role.COMPLEX_MANAGER]: [EventSource.DEVICE],
  [Role.PARTNER]: [EventSource.PARTNER],
  [Role.AUDITOR]: [],
};

/** Where an event row keeps its scope: grid, community, and the reporter (who always sees its own reports). */
const EVENT_COLUMNS = { gridId: 'e.gridId', communityId: 'e.communityId', owner: 'e.reporterSubject' };

/** Whether the caller works on events of this grid and community (the kit's EVENTS scope for changes: read-only roles never). */
export function actsOn(identity: Identity, gridId: number, communityId: number): boolean {
  return inScope(scopeOf(identity, DataClass.EVENTS, { write: true }), { gridId, communityId });
}

/** Whether the caller may read an event: its scope, or its own reports. */
export function canSee(identity: Identity, e: Pick<GridEventEntity, 'gridId' | 'communityId' | 'reporterSubject'>): boolean {
  return inScope(scopeOf(identity, DataClass.EVENTS), { gridId: e.gridId, communityId: e.communityId, owner: e.reporterSubject });
}

/** The same rule as `canSee`, as a WHERE condition on an event query aliased `e`. */
export function restrictToScope(qb: SelectQueryBuilder<GridEventEntity>, identity: Identity): void {
  applyScope(qb, scopeOf(identity, DataClass.EVENTS), EVENT_COLUMNS);
}
