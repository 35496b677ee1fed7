import { Role, type Identity } from '@gridhub/kit';
import type { SelectQueryBuilder } from 'typeorm';
import { EventSource } from './event.enums';
import type { GridEventEntity } from './event.entity';

/** Roles that see every event of the subdistrict. */
const SEE_ALL: readonly Role[] = [Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR, Role.AUDITOR];

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

/** Whether the caller works on events of this grid and community (grid workers: own grids; staff: own communities). */
export function actsOn(identity: Identity, gridId: number, communityId: number): boolean {
  switch (identity.role) {
    case Role.SUBDISTRICT_ADMIN:
    case Role.CENTER_OPERATOR:
      return true;
    case Role.COMMUNITY_STAFF:
      return identity.communityIds?.includes(communityId) ?? false;
    case Role.GRID_WORKER:
      return identity.gridIds?.includes(gridId) ?? false;
    case Role.COMPLEX_MANAGER:
    case Role.PARTNER:
    case Role.AUDITOR:
      return false;
  }
}

/** Whether the caller may read an event: its scope, or its own reports. */
export function canSee(identity: Identity, e: Pick<GridEventEntity, 'gridId' | 'communityId' | 'reporterSubject'>): boolean {
  return SEE_ALL.includes(identity.role) || actsOn(identity, e.gridId, e.communityId) || e.reporterSubject === identity.subject;
}

/** The same rule as `canSee`, as a WHERE condition on an event query aliased `e`. */
export function restrictToScope(qb: SelectQueryBuilder<GridEventEntity>, identity: Identity): void {
  if (SEE_ALL.includes(identity.role)) return;
  const own = 'e.reporterSubject = :scopeSubject';
  const ids = (list: number[] | undefined) => (list?.length ? list : [-1]);
  if (identity.role === Role.COMMUNITY_STAFF)
    qb.andWhere(`(e.communityId IN (:...scopeIds) OR ${own})`, { scopeIds: ids(identity.communityIds), scopeSubject: identity.subject });
  else if (identity.role === Role.GRID_WORKER)
    qb.andWhere(`(e.gridId IN (:...scopeIds) OR ${own})`, { scopeIds: ids(identity.gridIds), scopeSubject: identity.subject });
  else qb.andWhere(own, { scopeSubject: identity.subject });
}
