import { forbidden } from '../errors';
import { Role, type Identity } from '../identity';
import { serviceGrantsOf } from './services';

/**
 * Who may perform an operation that is more than reading or changing rows of a class (a transition of the event
 * chain, deciding a face alarm, revealing an identity). With the data classes in policy.ts this is the only place
 * that lists roles: subgraphs name actions, never roles, so a new role is refused everywhere until a row here
 * names it. A vendor adds its own with `registerAction`.
 */
const actions = new Map<string, ReadonlySet<Role>>();

export function registerAction(name: string, roles: readonly Role[], description?: string): string {
  actions.set(name, new Set(roles));
  if (description) descriptions.set(name, description);
  return name;
}
const descriptions = new Map<string, string>();

/** Whether the identity's role may perform `action` (scope is checked separately, on the rows it touches). */
export function can(identity: Identity, action: string): boolean {
  const roles = actions.get(action);
  if (!roles) throw new Error(`action ${action} is not registered`);
  // A service identity may do what its subgraph declared it calls, and nothing else.
  if (identity.role === Role.SERVICE) return serviceGrantsOf(identity.subject)?.actions.includes(action) ?? false;
  return roles.has(identity.role);
}

/** FORBIDDEN unless the identity's role may perform `action`. */
export function requireAction(identity: Identity, action: string, what = action): void {
  if (!can(identity, action)) throw forbidden(`${identity.role} may not ${what}`, { role: identity.role, action });
}

/** The registered actions and their roles (docs, tests). */
export const registeredActions = (): ReadonlyMap<string, ReadonlySet<Role>> => actions;

const R = Role;
/** The comprehensive-governance center (综治中心). */
const CENTER = [R.SUBDISTRICT_ADMIN, R.CENTER_OPERATOR];
/** The center and the community governance stations, within their communities. */
const STATIONS = [...CENTER, R.COMMUNITY_STAFF];
/** Whoever handles an assigned event on the ground, within their scope. */
const HANDLERS = [...STATIONS, R.GRID_WORKER];

/** The hub's own actions, named `<what>.<verb>`. */
export const Action = {
  // Reporting a grid event, per source (DESIGN.md roles): a partner reports PARTNER events; DEVICE events come from
  // the centre and stations, or from the complex tier's service once a person confirmed the alarm.
  REPORT_PATROL: registerAction('event.report.PATROL', [...HANDLERS]),
  REPORT_CITIZEN: registerAction('event.report.CITIZEN', [...HANDLERS]),
  REPORT_DEVICE: registerAction('event.report.DEVICE', STATIONS),
  REPORT_PARTNER: registerAction('event.report.PARTNER', [...CENTER, R.PARTNER]),
  // The grid-event chain: roles per transition (the subdistrict's transition table names these actions).
  EVENT_ACCEPT: registerAction('event.ACCEPT', STATIONS),
  EVENT_REJECT: registerAction('event.REJECT', STATIONS),
  EVENT_ASSIGN: registerAction('event.ASSIGN', STATIONS),
  EVENT_RETURN: registerAction('event.RETURN', HANDLERS),
  EVENT_ESCALATE: registerAction('event.ESCALATE', CENTER),
  EVENT_START: registerAction('event.START', HANDLERS),
  EVENT_RESOLVE: registerAction('event.RESOLVE', HANDLERS),
  EVENT_SELF_RESOLVE: registerAction('event.SELF_RESOLVE', [R.GRID_WORKER]),
  EVENT_VERIFY: registerAction('event.VERIFY', STATIONS),
  EVENT_FAIL_VERIFICATION: registerAction('event.FAIL_VERIFICATION', STATIONS),
  EVENT_CLOSE: registerAction('event.CLOSE', STATIONS),
  /** Governance statistics (aggregates of events): not for partners or complex managers. */
  STATS_READ: registerAction('stats.read', [...STATIONS, R.GRID_WORKER, R.AUDITOR]),
  /** Clear ID number and phone of a person in scope, for a stated purpose (audited). */
  PERSON_REVEAL: registerAction('person.reveal', [R.SUBDISTRICT_ADMIN, R.COMMUNITY_STAFF, R.GRID_WORKER]),
  /** Door records sent by device gateways (a complex manager's, or an administrator's, identity). */
  ACCESS_INGEST: registerAction('accessRecords.ingest', [R.SUBDISTRICT_ADMIN, R.COMPLEX_MANAGER]),
  /** Face alarms are decided by the centre: a person confirms before an event is raised. */
  FACE_ALARM_DECIDE: registerAction('faceAlarm.decide', CENTER),
  /** The registry's admin API (publish, remove, roll back subgraphs). */
  REGISTRY_ADMIN: registerAction('registry.admin', [R.SUBDISTRICT_ADMIN]),
  /** Check, publish and remove the subgraph names the identity owns (its `subgraphs` claim), and read their history. */
  REGISTRY_OWN: registerAction('registry.own', [R.VENDOR]),
  /** The watch-list reference behind a face alarm. */
  FACE_ALARM_WATCH_ENTRY: registerAction('faceAlarm.watchEntry', CENTER),
} as const;
