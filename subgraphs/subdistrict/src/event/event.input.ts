import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';
import { CitizenChannel, EventPriority, EventSource, EventStatus, Supervision } from './event.enums';
import type { GridEvent } from './event.type';

@InputType({ description: 'A new grid event. A repeat of the same externalRef by the same reporter returns the event it first reported.' })
export class ReportEventInput implements Partial<Pick<GridEvent, 'title' | 'description' | 'priority' | 'source' | 'channel' | 'location' | 'externalRef'>> {
  @Field() title: string;
  @Field() description: string;
  @Field({ description: 'Category code, first or second level (see `eventCategories`)' }) category: string;
  @Field(() => EventPriority, { defaultValue: EventPriority.NORMAL }) priority: EventPriority;
  @Field(() => EventSource) source: EventSource;
  @Field(() => CitizenChannel, { nullable: true, description: 'Required for CITIZEN reports, refused for others' }) channel?: CitizenChannel;
  @Field(() => ID, { description: 'A grid of the community tier; an unknown or retired grid is refused' }) gridId: string;
  @Field({ description: 'Where, in words (address, landmark)' }) location: string;
  @Field({ description: 'Who raised it: a resident\'s name, a worker, a device, an agency' }) reporter: string;
  @Field(() => String, { nullable: true, description: "Idempotency key of the reporting system (partners and devices retry), the reporter's own: another reporter's same key is another event. Keys of a service's namespace (`complex:`, `powergrid:`) are FORBIDDEN to every other identity." })
  externalRef?: string;
}

@InputType({ description: 'Whom an event is assigned to: exactly one of the two' })
export class AssigneeInput {
  @Field(() => ID, { nullable: true }) departmentId?: string;
  @Field(() => ID, { nullable: true, description: 'A grid worker of the community tier' }) gridWorkerId?: string;
}

@InputType({ description: 'All given conditions must hold' })
export class EventFilter {
  @Field(() => [EventStatus], { nullable: true, description: 'Any of these statuses' }) status?: EventStatus[];
  @Field({ nullable: true, description: 'A first-level code (its whole subtree) or a second-level code' }) category?: string;
  @Field(() => EventSource, { nullable: true }) source?: EventSource;
  @Field(() => EventPriority, { nullable: true }) priority?: EventPriority;
  @Field(() => ID, { nullable: true }) gridId?: string;
  @Field(() => ID, { nullable: true }) communityId?: string;
  @Field({ nullable: true, description: 'true: past the deadline of the current stage; false: not' }) overdue?: boolean;
  @Field(() => Supervision, { nullable: true }) supervision?: Supervision;
  @Field({ nullable: true, description: 'Reported at or after' }) reportedFrom?: Date;
  @Field({ nullable: true, description: 'Reported before' }) reportedTo?: Date;
  @Field({ nullable: true, description: 'In the title, description or location' }) text?: string;
  // Work queues: a grid worker's or a department's events (what is assigned to them now).
  @Field(() => ID, { nullable: true, description: 'Currently assigned to this grid worker' }) assignedWorkerId?: string;
  @Field(() => ID, { nullable: true, description: 'Currently assigned to this department' }) assignedDepartmentId?: string;
  @Field(() => ID, { nullable: true, description: 'Open events under RED supervision (督办) by this department: its supervision queue' }) supervisingDepartmentId?: string;
  @Field({ nullable: true, description: 'true: only events the caller reported itself' }) mine?: boolean;
}

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => EventFilter, { nullable: true }) filter?: EventFilter;
}

@ArgsType()
export class GridEventsArgs extends PageArgs {
  @Field(() => EventStatus, { nullable: true }) status?: EventStatus;
}
