import { Role } from '@gridhub/kit';
import { EventAction, EventStatus } from './event.enums';

/** A condition a transition needs besides state and role. */
export type TransitionCondition =
  /** `assignee` names exactly one department or grid worker. */
  | 'assignee'
  /** The event's priority is MINOR. */
  | 'minor'
  /** The caller is the one who reported the event. */
  | 'ownReport';

/** One row of the grid-event state machine. */
export interface Transition {
  action: EventAction;
  from: readonly EventStatus[];
  to: EventStatus;
  roles: readonly Role[];
  needs?: readonly TransitionCondition[];
}

const { REPORTED, ACCEPTED, REJECTED, ASSIGNED, ESCALATED, IN_PROGRESS, RESOLVED, VERIFIED, CLOSED } = EventStatus;
/** The comprehensive-governance center (综治中心). */
const CENTER = [Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR] as const;
/** The center and the community governance stations, within their communities. */
const STATIONS = [...CENTER, Role.COMMUNITY_STAFF] as const;
/** Whoever handles an assigned event on the ground, within their scope. */
const HANDLERS = [...STATIONS, Role.GRID_WORKER] as const;

/**
 * The grid-event state machine as data (DESIGN.md). `transitionEvent` consults only this table; tests iterate it.
 * PARTNER, COMPLEX_MANAGER and AUDITOR appear in no row: they may report (the first two) or read, never transition.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: EventAction.ACCEPT, from: [REPORTED], to: ACCEPTED, roles: STATIONS },
  { action: EventAction.REJECT, from: [REPORTED], to: REJECTED, roles: STATIONS },
  { action: EventAction.ASSIGN, from: [ACCEPTED], to: ASSIGNED, roles: STATIONS, needs: ['assignee'] },
  { action: EventAction.RETURN, from: [ASSIGNED], to: ACCEPTED, roles: HANDLERS },
  { action: EventAction.ESCALATE, from: [ACCEPTED], to: ESCALATED, roles: CENTER },
  { action: EventAction.START, from: [ASSIGNED], to: IN_PROGRESS, roles: HANDLERS },
  { action: EventAction.RESOLVE, from: [IN_PROGRESS], to: RESOLVED, roles: HANDLERS },
  { action: EventAction.SELF_RESOLVE, from: [REPORTED], to: RESOLVED, roles: [Role.GRID_WORKER], needs: ['minor', 'ownReport'] },
  { action: EventAction.VERIFY, from: [RESOLVED], to: VERIFIED, roles: STATIONS },
  { action: EventAction.FAIL_VERIFICATION, from: [RESOLVED], to: IN_PROGRESS, roles: STATIONS },
  { action: EventAction.CLOSE, from: [VERIFIED], to: CLOSED, roles: STATIONS },
];

const byAction = new Map(TRANSITIONS.map((t) => [t.action, t]));

export const transitionOf = (action: EventAction): Transition => {
  const t = byAction.get(action);
  if (!t) throw new Error(`no transition for action ${action}`);
  return t;
};

/** Whether `action` may be taken from `status` at all (roles and conditions aside). */
export const allowedFrom = (action: EventAction, status: EventStatus): boolean => transitionOf(action).from.includes(status);

/** Statuses no action leaves. */
export const TERMINAL: readonly EventStatus[] = Object.values(EventStatus).filter((s) => !TRANSITIONS.some((t) => t.from.includes(s)));

/** Which deadline runs while an event is in a status: acceptance, handling, verification, or none. */
export type Stage = 'accept' | 'handle' | 'verify' | null;

export function stageOf(status: EventStatus): Stage {
  switch (status) {
    case REPORTED:
      return 'accept';
    case ACCEPTED:
    case ASSIGNED:
    case IN_PROGRESS:
      return 'handle';
    case RESOLVED:
      return 'verify';
    case VERIFIED:
    case REJECTED:
    case ESCALATED:
    case CLOSED:
      return null;
  }
}
