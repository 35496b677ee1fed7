import { DataClass, forbidden, inScope, requireReach, Role, scopeOf, type Identity } from '@gridhub/kit';

/**
 * Who may see and do what in the complex tier (DESIGN.md, "Identity, scoping and privacy"):
 * subdistrict-wide roles see every complex; community staff and grid workers the complexes of their
 * communities; a complex manager only their own complexes; partners nothing here.
 */
export type ComplexScope = { all: true } | { all: false; complexIds: number[]; communityIds: number[] };

/** The caller's reach over complexes and devices, from the kit's ACCESS_POLICY (DEVICES column). */
export function complexScope(identity: Identity): ComplexScope {
  const scope = scopeOf(identity, DataClass.DEVICES);
  switch (scope.kind) {
    case 'all':
      return { all: true };
    case 'complexes':
      return { all: false, complexIds: scope.complexIds, communityIds: [] };
    case 'communities':
    case 'grids':
      // A grid worker reaches the complexes of her communities: a complex records no grid worker's grid as its scope.
      return { all: false, complexIds: [], communityIds: scope.communityIds };
    case 'none':
      return { all: false, complexIds: [], communityIds: [] };
  }
}

export function canSeeComplex(identity: Identity, complex: { id: number; communityId: number }): boolean {
  return inScope(scopeOf(identity, DataClass.DEVICES), { complexId: complex.id, communityId: complex.communityId });
}

export function requireRole(identity: Identity, roles: readonly Role[], what: string): void {
  if (!roles.includes(identity.role)) throw forbidden(`${identity.role} may not ${what}`, { role: identity.role });
}

/** Devices, cameras and complexes: everyone but partners (who see grid boundaries only). */
export function requireDeviceReader(identity: Identity): void {
  requireReach(identity, DataClass.DEVICES, 'read complex devices');
}

/** Door-access trails are personal information: only roles that need them for their work. */
export const ACCESS_TRAIL_READERS = [Role.SUBDISTRICT_ADMIN, Role.COMMUNITY_STAFF, Role.GRID_WORKER, Role.COMPLEX_MANAGER] as const;
/** Device gateways present a complex-manager (or admin) identity. */
export const INGESTERS = [Role.SUBDISTRICT_ADMIN, Role.COMPLEX_MANAGER] as const;
/** Face alarms are decided by the comprehensive-governance centre (a person confirms before an event is raised). */
export const ALARM_DECIDERS = [Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR] as const;
export const ALARM_READERS = [Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR, Role.COMMUNITY_STAFF, Role.COMPLEX_MANAGER] as const;
/** The watch-list reference of a face alarm is shown only to these. */
export const WATCH_ENTRY_READERS = [Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR] as const;
export const CREDENTIAL_MANAGERS = [Role.SUBDISTRICT_ADMIN, Role.COMMUNITY_STAFF, Role.COMPLEX_MANAGER] as const;
