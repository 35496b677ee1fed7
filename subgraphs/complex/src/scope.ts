import { forbidden, Role, type Identity } from '@gridhub/kit';

/**
 * Who may see and do what in the complex tier (DESIGN.md, "Identity, scoping and privacy"):
 * subdistrict-wide roles see every complex; community staff and grid workers the complexes of their
 * communities; a complex manager only their own complexes; partners nothing here.
 */
export type ComplexScope = { all: true } | { all: false; complexIds: number[]; communityIds: number[] };

const SUBDISTRICT_WIDE = new Set<Role>([Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR, Role.AUDITOR]);

export function complexScope(identity: Identity): ComplexScope {
  if (SUBDISTRICT_WIDE.has(identity.role)) return { all: true };
  if (identity.role === Role.COMPLEX_MANAGER) return { all: false, complexIds: identity.complexIds ?? [], communityIds: [] };
  if (identity.role === Role.COMMUNITY_STAFF || identity.role === Role.GRID_WORKER)
    return { all: false, complexIds: [], communityIds: identity.communityIds ?? [] };
  return { all: false, complexIds: [], communityIds: [] };
}

export function canSeeComplex(identity: Identity, complex: { id: number; communityId: number }): boolean {
  const scope = complexScope(identity);
  return scope.all || scope.complexIds.includes(complex.id) || scope.communityIds.includes(complex.communityId);
}

export function requireRole(identity: Identity, roles: readonly Role[], what: string): void {
  if (!roles.includes(identity.role)) throw forbidden(`${identity.role} may not ${what}`, { role: identity.role });
}

/** Devices, cameras and complexes: everyone but partners (who see grid boundaries only). */
export function requireDeviceReader(identity: Identity): void {
  if (identity.role === Role.PARTNER) throw forbidden('partners may not read complex devices', { role: identity.role });
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
