import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '@gridhub/kit';
import { CitizenChannel, EventPriority, EventSource, EventStatus, HistoryAction } from './event.enums';

@ObjectType({ description: 'Who did something, as the verified identity said' })
export class EventActor {
  @Field() subject: string;
  @Field(() => Role) role: Role;
  @Field(() => String, { nullable: true }) name: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '网格事件: a grid event and where it is in its chain' })
export class GridEvent {
  @Field(() => ID) id: number;
  @Field() title: string;
  @Field() description: string;
  @Field(() => EventPriority) priority: EventPriority;
  @Field(() => EventSource) source: EventSource;
  @Field(() => CitizenChannel, { nullable: true, description: 'For CITIZEN reports' }) channel: CitizenChannel | null;
  @Field(() => EventStatus) status: EventStatus;
  @Field(() => Int, { description: 'Optimistic-lock version: pass it back to transitionEvent as expectedVersion' }) version: number;
  @Field({ description: 'Where, as reported' }) location: string;
  @Field({ name: 'reporter', description: 'Who raised it, as reported (a resident, a worker, a device, an agency)' }) reporterName: string;
  @Field(() => String, { nullable: true, description: 'Idempotency key of a partner or device report' }) externalRef: string | null;
  @Field() reportedAt: Date;
  @Field(() => Date, { nullable: true }) acceptedAt: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field() updatedAt: Date;
  @Field({ name: 'acceptDeadline', description: 'Acceptance deadline (from the report)' }) acceptDueAt: Date;
  @Field({ name: 'handleDeadline', description: 'Handling deadline (from the report)' }) handleDueAt: Date;
  @Field(() => Date, { name: 'verifyDeadline', nullable: true, description: 'Verification deadline (from the resolution)' }) verifyDueAt: Date | null;
  @Field(() => Date, { name: 'deadline', nullable: true, description: 'Deadline of the current stage; null when none runs' }) dueAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was put under RED supervision (督办) and into the supervising department\'s queue' }) supervisedAt: Date | null;
  categoryCode: string;
  categoryRoot: string;
  gridId: number;
  communityId: number;
  reporterSubject: string;
  reporterRole: string;
  assignedDepartmentId: number | null;
  assignedWorkerId: number | null;
  redAt: Date | null;
  supervisingDepartmentId: number | null;
}

@ObjectType({ description: 'One step of an event\'s chain; rows are never changed' })
export class EventHistoryEntry {
  @Field(() => ID) id: number;
  @Field(() => HistoryAction) action: HistoryAction;
  @Field(() => EventStatus, { name: 'from', nullable: true, description: 'Null for the report' }) fromStatus: EventStatus | null;
  @Field(() => EventStatus, { name: 'to' }) toStatus: EventStatus;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field() at: Date;
  eventId: number;
  actorSubject: string;
  actorRole: string;
  actorName: string | null;
  assignedDepartmentId: number | null;
  assignedWorkerId: number | null;
}
