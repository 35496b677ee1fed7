import { Action } from '@gridhub/kit';
import { EventAction, EventStatus } from './event.enums';

/** A condition a transition needs besides state and the kit action. */
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
  /** The kit action (`Action.EVENT_…`, e.g. `'event.ACCEPT'`) whose roles may take this transition: `can(identity, kitAction)`. */
  kitAction: string;
  needs?: readonly TransitionCondition[];
}

const { REPORTED, ACCEPTED, REJECTED, ASSIGNED, ESCALATED, IN_PROGRESS, RESOLVED, VERIFIED, CLOSED } = EventStatus;

/**
 * The grid-event state machine as data (DESIGN.md). `transitionEvent` consults only this table; tests iterate it.
 * Who may take a row is the kit's action table (packages/kit/src/scope/actions.ts); on which events, the EVENTS
 * write scope.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: EventAction.ACCEPT, from: [REPORTED], to: ACCEPTED, kitAction: Action.EVENT_ACCEPT },
  { action: EventAction.REJECT, from: [REPORTED], to: REJECTED, kitAction: Action.EVENT_REJECT },
  { action: EventAction.ASSIGN, from: [ACCEPTED], to: ASSIGNED, kitAction: Action.EVENT_ASSIGN, needs: ['assignee'] },
  { action: EventAction.RETURN, from: [ASSIGNED], to: ACCEPTED, kitAction: Action.EVENT_RETURN },
  { action: EventAction.ESCALATE, from: [ACCEPTED], to: ESCALATED, kitAction: Action.EVENT_ESCALATE },
  { action: EventAction.START, from: [ASSIGNED], to: IN_PROGRESS, kitAction: Action.EVENT_START },
  { action: EventAction.RESOLVE, from: [IN_PROGRESS], to: RESOLVED, kitAction: Action.EVENT_RESOLVE },
  { action: EventAction.SELF_RESOLVE, from: [REPORTED], to: RESOLVED, kitAction: Action.EVENT_SELF_RESOLVE, needs: ['minor', 'ownReport'] },
  { action: EventAction.VERIFY, from: [RESOLVED], to: VERIFIED, kitAction: Action.EVENT_VERIFY },
  { action: EventAction.FAIL_VERIFICATION, from: [RESOLVED], to: IN_PROGRESS, kitAction: Action.EVENT_FAIL_VERIFICATION },
  { action: EventAction.CLOSE, from: [VERIFIED], to: CLOSED, kitAction: Action.EVENT_CLOSE },
];

const byAction = new Map(TRANSITIONS.map((t) => [t.action, t]));

export const transitionOf = (action: EventAction): Transition => {
  const t = byAction.get(action);
  if (!t) throw new Error(`no transition for action ${action}`);
  return t;
};

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
