import { Role, type Identity } from '../identity';

/**
 * Classes of data, by how personal they are. Every table a subgraph owns belongs to one; the policy table
 * below says how far each role reaches into each class. Adding a role or a class is one row or column here.
 */
export enum DataClass {
  /** Communities and grids: names, codes, boundaries (what a partner agency needs to place a report). */
  BOUNDARY = 'BOUNDARY',
  /** Buildings, houses, organisations, grid workers: the governance structure below a grid. */
  STRUCTURE = 'STRUCTURE',
  /** Registered persons, their residences, population tags and care visits (PIPL personal information). */
  PERSONAL = 'PERSONAL',
  /** Grid events and their histories. */
  EVENTS = 'EVENTS',
  /** Complexes, access devices, cameras, face alarms. */
  DEVICES = 'DEVICES',
  /** Door-access records (a resident's movements: sensitive). */
  ACCESS_TRAIL = 'ACCESS_TRAIL',
  /** The audit log itself. */
  AUDIT = 'AUDIT',
}

/** `all`: every row; `own`: rows of the identity's communities / grids / complexes (plus its own reports); `none`: only its own reports. */
export type Reach = 'all' | 'own' | 'none';

const row = (b: Reach, s: Reach, p: Reach, e: Reach, d: Reach, a: Reach, au: Reach): Record<DataClass, Reach> => ({
  BOUNDARY: b, STRUCTURE: s, PERSONAL: p, EVENTS: e, DEVICES: d, ACCESS_TRAIL: a, AUDIT: au,
});

/**
 * Who reads what (DESIGN.md, "Identity, scoping and privacy"). Read-only roles (AUDITOR) write nothing whatever
 * their reach. Kept as data so tests iterate it and docs can be generated from it.
 */
export const ACCESS_POLICY: Readonly<Record<Role, Readonly<Record<DataClass, Reach>>>> = {
  //                                  BOUNDARY STRUCTURE PERSONAL EVENTS  DEVICES  ACCESS_TRAIL AUDIT
  [Role.SUBDISTRICT_ADMIN]: row('all', 'all', 'all', 'all', 'all', 'all', 'all'),
  // The comprehensive-governance centre handles events of the whole subdistrict: it reads where they happen
  // (grids, buildings, who is on duty) but not residents' records, which it does not need to route an event.
  [Role.CENTER_OPERATOR]: row('all', 'all', 'none', 'all', 'all', 'none', 'none'),
  [Role.COMMUNITY_STAFF]: row('own', 'own', 'own', 'own', 'own', 'own', 'none'),
  [Role.GRID_WORKER]: row('own', 'own', 'own', 'own', 'own', 'own', 'none'),
  // A complex manager runs devices and door records of the own complex; the community tier cannot tell which
  // of its buildings belong to which complex, so the manager reads no persons or buildings there.
  [Role.COMPLEX_MANAGER]: row('all', 'none', 'none', 'none', 'own', 'own', 'none'),
  // Partners: grid boundaries and their own reports, nothing else.
  [Role.PARTNER]: row('all', 'none', 'none', 'none', 'none', 'none', 'none'),
  // Auditors oversee how events were handled (non-personal) and read the audit log; never residents' data.
  [Role.AUDITOR]: row('all', 'none', 'none', 'all', 'all', 'none', 'all'),
};

/** Roles that may read but never change anything. */
export const READ_ONLY_ROLES: ReadonlySet<Role> = new Set([Role.AUDITOR]);

/**
 * The rows an identity reaches in one class of data. `subject` is always carried: a row the caller reported
 * itself (an event, a hazard) stays in scope whatever the kind, where the table records a reporter.
 */
export type Scope =
  | { kind: 'all'; subject: string }
  | { kind: 'communities'; subject: string; communityIds: number[] }
  /** Grid workers: their grids; `communityIds` (the communities of those grids, from the token) for tables without a grid column. */
  | { kind: 'grids'; subject: string; gridIds: number[]; communityIds: number[] }
  | { kind: 'complexes'; subject: string; complexIds: number[] }
  | { kind: 'none'; subject: string };

/** The caller's scope in `data`; `{ write: true }` for changes (read-only roles reach nothing then). */
export function scopeOf(identity: Identity, data: DataClass, options: { write?: boolean } = {}): Scope {
  const subject = identity.subject;
  if (options.write && READ_ONLY_ROLES.has(identity.role)) return { kind: 'none', subject };
  const reach = ACCESS_POLICY[identity.role][data];
  if (reach === 'all') return { kind: 'all', subject };
  if (reach === 'none') return { kind: 'none', subject };
  switch (identity.role) {
    case Role.COMMUNITY_STAFF:
      return { kind: 'communities', subject, communityIds: identity.communityIds ?? [] };
    case Role.GRID_WORKER:
      return { kind: 'grids', subject, gridIds: identity.gridIds ?? [], communityIds: identity.communityIds ?? [] };
    case Role.COMPLEX_MANAGER:
      return { kind: 'complexes', subject, complexIds: identity.complexIds ?? [] };
    default:
      // `own` for a role bound to nothing the tables know (a partner's agency): its own reports only.
      return { kind: 'none', subject };
  }
}
