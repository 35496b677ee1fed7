import { Role, type Identity } from '../identity';
import { serviceGrantsOf } from './services';

/**
 * Classes of data, by how personal they are. Every table a subgraph owns belongs to one (`@Governed` on its entity);
 * the policy below says how far each role reaches into each class. A subgraph (a vendor's included) adds its own
 * classes with `registerDataClass`; the built-in ones are the hub's.
 */
export const DataClass = {
  /** Reference data every role reads: the subdistrict, departments, platforms, event categories and deadlines. */
  REFERENCE: 'REFERENCE',
  /** Communities and grids: names, codes, boundaries (what a partner agency needs to place a report). */
  BOUNDARY: 'BOUNDARY',
  /** Buildings, houses, organisations, grid workers: the governance structure below a grid. */
  STRUCTURE: 'STRUCTURE',
  /** Registered persons, their residences and care visits (PIPL personal information). */
  PERSONAL: 'PERSONAL',
  /** Special-population labels (特殊人群): sensitive personal information, every read audited. */
  SPECIAL_POPULATION: 'SPECIAL_POPULATION',
  /** Grid events and their histories. */
  EVENTS: 'EVENTS',
  /** Complexes, access devices, cameras (infrastructure of a complex). */
  DEVICES: 'DEVICES',
  /** Door credentials (cards, QR codes, face templates' references): who may open which door. */
  CREDENTIALS: 'CREDENTIALS',
  /** Door-access records (a resident's movements: sensitive, every read audited). */
  ACCESS_TRAIL: 'ACCESS_TRAIL',
  /** Face-recognition match events (sensitive, every read audited). */
  FACE_ALARMS: 'FACE_ALARMS',
  /** Power lines, spans and clearing campaigns of a partner agency (infrastructure, no personal data). */
  PARTNER_ASSETS: 'PARTNER_ASSETS',
  /** A partner agency's working records (tree hazards). */
  PARTNER_REPORTS: 'PARTNER_REPORTS',
  /** The audit log itself. */
  AUDIT: 'AUDIT',
  /** Messages a service sends to another (its outbox): waiting, delivered, dead letters. */
  OUTBOX: 'OUTBOX',
  /** Webhook subscriptions and their delivery logs: each subscriber its own (the `owner` column). */
  WEBHOOKS: 'WEBHOOKS',
} as const;
export type DataClass = string;

/** `all`: every row; `own`: rows of the identity's communities / grids / complexes / agency (plus its own reports); `none`: only its own reports. */
export type Reach = 'all' | 'own' | 'none';

export interface DataClassPolicy {
  /** How far each role reaches; a role left out reaches nothing. */
  reach: Partial<Record<Role, Reach>>;
  /** How far each role may change rows (default: as `reach`, nothing for read-only roles). */
  write?: Partial<Record<Role, Reach>>;
  /** Every read of a row of this class (by field, filter or count) is written to the audit log. */
  audited?: boolean;
  description?: string;
}

const R = Role;
const policies = new Map<DataClass, DataClassPolicy>();

/**
 * Adds (or, for a vendor's own class, replaces) a class of data and how far each role reaches into it. Roles not
 * listed reach nothing: a new role is denied until a row here says otherwise, never allowed by accident.
 */
export function registerDataClass(name: DataClass, policy: DataClassPolicy): DataClass {
  policies.set(name, { ...policy, reach: { ...policy.reach }, write: policy.write && { ...policy.write } });
  return name;
}

/** Who reads what (DESIGN.md, "Identity, scoping and privacy"). Kept as data so tests iterate it and the README table is generated from it. */
const all = (...roles: Role[]) => Object.fromEntries(roles.map((r) => [r, 'all' as Reach]));
const own = (...roles: Role[]) => Object.fromEntries(roles.map((r) => [r, 'own' as Reach]));

registerDataClass(DataClass.REFERENCE, { description: 'subdistrict, departments, platforms, categories', reach: all(...Object.values(R)) });
registerDataClass(DataClass.BOUNDARY, {
  description: 'communities and grids (names, codes, boundaries)',
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR, R.COMPLEX_MANAGER, R.PARTNER, R.AUDITOR), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER) },
});
// The comprehensive-governance centre routes events: it reads where they happen (grids, buildings, who is on duty)
// but not residents' records.
registerDataClass(DataClass.STRUCTURE, {
  description: 'buildings, houses, organisations, grid workers',
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER) },
});
registerDataClass(DataClass.PERSONAL, {
  description: 'registered persons, residences, care visits',
  reach: { ...all(R.SUBDISTRICT_ADMIN), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER) },
});
registerDataClass(DataClass.SPECIAL_POPULATION, {
  description: 'special-population labels',
  audited: true,
  reach: { ...all(R.SUBDISTRICT_ADMIN), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER) },
});
// Auditors oversee how events were handled (non-personal). Partners and complex managers see their own reports
// (the `owner` column), and a partner the events its reports caused (the `agency` column).
// Reporting places an event in a grid: partners report where their lines run, grid workers only in their grids.
registerDataClass(DataClass.EVENTS, {
  description: 'grid events and their histories',
  write: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR, R.PARTNER), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER) },
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR, R.AUDITOR), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER, R.PARTNER) },
});
// Community staff and grid workers reach the complexes of their communities; a complex manager its own complexes.
registerDataClass(DataClass.DEVICES, {
  description: 'complexes, access devices, cameras',
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR, R.AUDITOR), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER, R.COMPLEX_MANAGER) },
});
registerDataClass(DataClass.CREDENTIALS, {
  description: 'door credentials',
  reach: { ...all(R.SUBDISTRICT_ADMIN), ...own(R.COMMUNITY_STAFF, R.COMPLEX_MANAGER) },
});
// A grid worker sees door records of the doors in her grids (the device's grid), not a whole community's.
registerDataClass(DataClass.ACCESS_TRAIL, {
  description: 'door-access records',
  audited: true,
  reach: { ...all(R.SUBDISTRICT_ADMIN), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER, R.COMPLEX_MANAGER) },
});
registerDataClass(DataClass.FACE_ALARMS, {
  description: 'face-recognition match events',
  audited: true,
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR), ...own(R.COMMUNITY_STAFF, R.COMPLEX_MANAGER) },
});
// Lines are infrastructure: the community tier may see where they run; a partner sees its own agency's.
registerDataClass(DataClass.PARTNER_ASSETS, {
  description: "a partner agency's lines, spans and campaigns",
  write: { ...all(R.SUBDISTRICT_ADMIN), ...own(R.PARTNER) },
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR, R.AUDITOR, R.COMMUNITY_STAFF, R.GRID_WORKER), ...own(R.PARTNER) },
});
// Hazards are the agency's working data, shown to the community tier only where they are (the village mediates).
registerDataClass(DataClass.PARTNER_REPORTS, {
  description: "a partner agency's reports (tree hazards)",
  write: { ...all(R.SUBDISTRICT_ADMIN), ...own(R.PARTNER) },
  reach: { ...all(R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR, R.AUDITOR), ...own(R.COMMUNITY_STAFF, R.GRID_WORKER, R.PARTNER) },
});
registerDataClass(DataClass.AUDIT, { description: 'the audit log', reach: all(R.SUBDISTRICT_ADMIN, R.AUDITOR) });
// Dead letters are listed and retried by an administrator; their payloads can name grids and residents' events.
registerDataClass(DataClass.OUTBOX, { description: "services' outboxes (dead letters)", reach: all(R.SUBDISTRICT_ADMIN) });
// Every other role reads only its own subscriptions (the owner column). Write reach `all` means: may subscribe and
// manage the subscriptions it reads (its own); deliveries are scoped by the subscriber's claims like its reads.
registerDataClass(DataClass.WEBHOOKS, {
  description: 'webhook subscriptions and delivery logs (each subscriber its own)',
  reach: all(R.SUBDISTRICT_ADMIN),
  write: all(R.SUBDISTRICT_ADMIN, R.PARTNER, R.VENDOR),
});

/** The registered classes and their policies (docs, tests). */
export const dataClasses = (): ReadonlyMap<DataClass, DataClassPolicy> => policies;

export function policyOf(data: DataClass): DataClassPolicy {
  const policy = policies.get(data);
  if (!policy) throw new Error(`data class ${data} has no policy: register it with registerDataClass`);
  return policy;
}

/**
 * Owner kinds: what a row can belong to and how an identity's token names its own (`communityIds`, `agency`…).
 * A role's `own` reach means the first of its home kinds (below) that the table records.
 */
export type OwnerKind = 'community' | 'grid' | 'complex' | 'agency' | (string & {});
const ownerKinds = new Map<OwnerKind, (identity: Identity) => (number | string)[]>([
  ['community', (i) => i.communityIds ?? []],
  ['grid', (i) => i.gridIds ?? []],
  ['complex', (i) => i.complexIds ?? []],
  ['agency', (i) => (i.agency ? [i.agency] : [])],
]);

/** Adds an owner kind (e.g. a vendor's `platform`) and where an identity's claims name its own. */
export function registerOwnerKind(kind: OwnerKind, idsOf: (identity: Identity) => (number | string)[]): void {
  ownerKinds.set(kind, idsOf);
}

/**
 * What `own` means per role, in order of preference: a grid worker's own rows are those of her grids where the table
 * records a grid, else those of her communities. A role with no home kinds reaches only its own reports.
 */
const homeKinds = new Map<Role, OwnerKind[]>([
  [R.COMMUNITY_STAFF, ['community']],
  [R.GRID_WORKER, ['grid', 'community']],
  [R.COMPLEX_MANAGER, ['complex']],
  [R.PARTNER, ['agency']],
]);

export function setHomeKinds(role: Role, kinds: OwnerKind[]): void {
  homeKinds.set(role, kinds);
}

/** Roles that may read but never change anything. */
export const READ_ONLY_ROLES: ReadonlySet<Role> = new Set([R.AUDITOR]);

export interface OwnerReach {
  kind: OwnerKind;
  ids: (number | string)[];
}

/**
 * The rows an identity reaches in one class of data. `subject` is always carried: a row the caller reported itself
 * (an event, a hazard) stays in scope whatever the kind, where the table records a reporter.
 */
export type Scope =
  | { kind: 'all'; subject: string }
  /** Rows of the first owner kind in `by` the table records (a grid worker: grids, else communities). */
  | { kind: 'own'; subject: string; by: OwnerReach[] }
  | { kind: 'none'; subject: string };

/** The caller's scope in `data`; `{ write: true }` for changes (read-only roles reach nothing then). */
export function scopeOf(identity: Identity, data: DataClass, options: { write?: boolean } = {}): Scope {
  const subject = identity.subject;
  if (options.write && READ_ONLY_ROLES.has(identity.role)) return { kind: 'none', subject };
  const policy = policyOf(data);
  if (identity.role === R.SERVICE) {
    // Only what its subgraph declared (services.ts): `all` of a class, or nothing beyond its own reports.
    const granted = serviceGrantsOf(subject);
    return (options.write ? granted?.write?.[data] : granted?.reach?.[data]) === 'all' ? { kind: 'all', subject } : { kind: 'none', subject };
  }
  const reach = (options.write && policy.write ? policy.write[identity.role] : policy.reach[identity.role]) ?? 'none';
  if (reach === 'all') return { kind: 'all', subject };
  if (reach === 'none') return { kind: 'none', subject };
  const by = (homeKinds.get(identity.role) ?? []).map((kind) => ({ kind, ids: ownerKinds.get(kind)?.(identity) ?? [] }));
  return by.length ? { kind: 'own', subject, by } : { kind: 'none', subject };
}

/** How far a role reaches into a class (the policy table as data: docs and the access matrix). */
export const reachOf = (role: Role, data: DataClass, options: { write?: boolean } = {}): Reach => {
  if (options.write && READ_ONLY_ROLES.has(role)) return 'none';
  const policy = policyOf(data);
  return (options.write && policy.write ? policy.write[role] : policy.reach[role]) ?? 'none';
};
