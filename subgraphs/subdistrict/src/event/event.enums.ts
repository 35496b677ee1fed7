import { registerEnumType } from 'type-graphql';

/** Where a grid event is in its chain (DESIGN.md, "The grid-event chain"). */
export enum EventStatus {
  REPORTED = 'REPORTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  ASSIGNED = 'ASSIGNED',
  ESCALATED = 'ESCALATED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  VERIFIED = 'VERIFIED',
  CLOSED = 'CLOSED',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  valuesConfig: {
    REPORTED: { description: '上报: waiting for the center to accept it' },
    ACCEPTED: { description: '受理: accepted, to be assigned' },
    REJECTED: { description: '不予受理 (final)' },
    ASSIGNED: { description: '派遣: assigned to a department or a grid worker' },
    ESCALATED: { description: '上报区级: escalated to the district (final for the subdistrict)' },
    IN_PROGRESS: { description: '处置中' },
    RESOLVED: { description: '处置完成: waiting for verification' },
    VERIFIED: { description: '核查通过: waiting for feedback to the reporter' },
    CLOSED: { description: '结案 (final)' },
  },
});

/** What `transitionEvent` can do; the transition table says from which states and by whom. */
export enum EventAction {
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
  ASSIGN = 'ASSIGN',
  RETURN = 'RETURN',
  ESCALATE = 'ESCALATE',
  START = 'START',
  RESOLVE = 'RESOLVE',
  SELF_RESOLVE = 'SELF_RESOLVE',
  VERIFY = 'VERIFY',
  FAIL_VERIFICATION = 'FAIL_VERIFICATION',
  CLOSE = 'CLOSE',
}
registerEnumType(EventAction, {
  name: 'EventAction',
  valuesConfig: {
    RETURN: { description: 'The assignee hands the event back to the center (退回)' },
    ESCALATE: { description: 'Beyond the subdistrict: passed on to the district' },
    SELF_RESOLVE: { description: 'Minor event resolved on the spot by the grid worker who reported it (自行处置)' },
    FAIL_VERIFICATION: { description: 'Verification failed: back to IN_PROGRESS' },
    CLOSE: { description: 'Feedback given to the reporter; the event is closed (反馈结案)' },
  },
});

export enum EventSource {
  PATROL = 'PATROL',
  CITIZEN = 'CITIZEN',
  DEVICE = 'DEVICE',
  PARTNER = 'PARTNER',
}
registerEnumType(EventSource, {
  name: 'EventSource',
  valuesConfig: {
    PATROL: { description: 'Found by a grid worker on patrol (巡查)' },
    CITIZEN: { description: 'Raised by a resident: WeChat group, hotline or visit' },
    DEVICE: { description: 'Access-control or camera alarm, confirmed by a person' },
    PARTNER: { description: 'A partner agency (e.g. the power-grid company)' },
  },
});

export enum CitizenChannel {
  WECHAT_GROUP = 'WECHAT_GROUP',
  HOTLINE = 'HOTLINE',
  VISIT = 'VISIT',
}
registerEnumType(CitizenChannel, { name: 'CitizenChannel', description: 'How a citizen reached the grid (CITIZEN source only)' });

export enum EventPriority {
  MINOR = 'MINOR',
  NORMAL = 'NORMAL',
  URGENT = 'URGENT',
  EMERGENCY = 'EMERGENCY',
}
registerEnumType(EventPriority, {
  name: 'EventPriority',
  valuesConfig: {
    MINOR: { description: 'Can be resolved on the spot by the reporting grid worker' },
    EMERGENCY: { description: 'Handled within 2 hours' },
  },
});

export enum Supervision {
  NONE = 'NONE',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(Supervision, {
  name: 'Supervision',
  description: '督办 flag derived from the current deadline (not a state)',
  valuesConfig: {
    NONE: { description: 'Not past its deadline (or no deadline running)' },
    YELLOW: { description: 'Past its deadline by less than the stage\'s own time limit' },
    RED: { description: 'Past its deadline by the stage\'s time limit or more' },
  },
});

export const FINAL_STATUSES: readonly EventStatus[] = [EventStatus.REJECTED, EventStatus.ESCALATED, EventStatus.CLOSED];

/** What a history row records: the report itself, or an action. */
export const HistoryAction = { REPORT: 'REPORT', SUPERVISE: 'SUPERVISE', ...EventAction } as const;
export type HistoryAction = (typeof HistoryAction)[keyof typeof HistoryAction];
registerEnumType(HistoryAction, { name: 'EventHistoryAction', description: 'REPORT, SUPERVISE (put under RED supervision, 督办; the status stays), or the EventAction taken' });
