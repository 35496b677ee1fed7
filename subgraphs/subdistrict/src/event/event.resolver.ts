import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, Connection, DataClass, found, inScope, LIKE_ESCAPE, likeContains, paginate, type GridhubContext } from '@gridhub/kit';
import { EventCategory } from '../category/category.type';
import { categoryByCode } from '../category/category.loader';
import { Department } from '../department/department.type';
import { departmentById } from '../department/department.loader';
import type { GridDirectory } from '../grid/grid-directory';
import { Community, Grid, GridWorker } from '../grid/grid.type';
import { GridEventEntity } from './event.entity';
import { EventAction, FINAL_STATUSES, Supervision } from './event.enums';
import { AssigneeInput, EventsArgs, ReportEventInput } from './event.input';
import { eventById, historyByEvent } from './event.loader';
import { TRANSITIONS } from './event.machine';
import { mayTake, reportEvent, transitionEvent } from './event.service';
import { EventActor, EventHistoryEntry, GridEvent } from './event.type';

export const GridEventConnection = Connection(GridEvent);

export function supervisionOf(e: Pick<GridEvent, 'dueAt' | 'redAt'>, now = Date.now()): Supervision {
  if (!e.dueAt || e.dueAt.getTime() >= now) return Supervision.NONE;
  return e.redAt && e.redAt.getTime() < now ? Supervision.RED : Supervision.YELLOW;
}

const ref = (id: number | null) => (id == null ? null : { id });

/**
 * The sort key of `events`. The kit's cursor carries a Date sort value as an ISO string (`…T10:00:00.000Z`); MySQL
 * compares that with a DATETIME correctly, but SQLite stores `… 10:00:00.000` as text and would compare the strings,
 * so on SQLite the key is the column formatted as ISO (same order; the embedded default is small enough).
 */

@Resolver(() => GridEvent)
export class GridEventResolver {
  @Query(() => GridEvent, { nullable: true })
  async event(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(eventById).load(Number(id)), 'GridEvent', id);
  }

  @Query(() => GridEventConnection, { description: 'Grid events in the caller\'s scope, newest first' })
  events(@Args() { filter: given, first, after }: EventsArgs, @Ctx() ctx: GridhubContext) {
    const filter = given ?? {}; // an explicit null too
    const qb = ctx.data.query(GridEventEntity, 'e');
    const now = new Date();
    if (filter.status?.length) qb.andWhere('e.status IN (:...status)', { status: filter.status });
    if (filter.category) qb.andWhere('(e.categoryRoot = :category OR e.categoryCode = :category)', { category: filter.category });
    if (filter.source) qb.andWhere('e.source = :source', { source: filter.source });
    if (filter.priority) qb.andWhere('e.priority = :priority', { priority: filter.priority });
    // Ids are numbers here: anything else is the caller's mistake, not a query to run.
    const idOf = (value: string, field: string) => {
      if (!/^\d+$/.test(value)) throw badInput(`${field} must be a numeric id`, { field: `filter.${field}` });
      return Number(value);
    };
    if (filter.assignedWorkerId) qb.andWhere('e.assignedWorkerId = :worker', { worker: idOf(filter.assignedWorkerId, 'assignedWorkerId') });
    if (filter.assignedDepartmentId) qb.andWhere('e.assignedDepartmentId = :department', { department: idOf(filter.assignedDepartmentId, 'assignedDepartmentId') });
    if (filter.supervisingDepartmentId) {
      // The supervision queue: open events this department supervises.
      qb.andWhere('e.supervisingDepartmentId = :supervisor', { supervisor: idOf(filter.supervisingDepartmentId, 'supervisingDepartmentId') });
      qb.andWhere('e.status NOT IN (:...closedOut)', { closedOut: [...FINAL_STATUSES] });
    }
    if (filter.mine) qb.andWhere('e.reporterSubject = :me', { me: ctx.identity.subject });
    if (filter.gridId) qb.andWhere('e.gridId = :gridId', { gridId: Number(filter.gridId) });
    if (filter.communityId) qb.andWhere('e.communityId = :communityId', { communityId: Number(filter.communityId) });
    if (filter.overdue != null) qb.andWhere(filter.overdue ? 'e.dueAt < :now' : '(e.dueAt IS NULL OR e.dueAt >= :now)', { now });
    if (filter.supervision === Supervision.RED) qb.andWhere('e.redAt < :now', { now });
    if (filter.supervision === Supervision.YELLOW) qb.andWhere('e.dueAt < :now AND e.redAt >= :now', { now });
    if (filter.supervision === Supervision.NONE) qb.andWhere('(e.dueAt IS NULL OR e.dueAt >= :now)', { now });
    if (filter.reportedFrom) qb.andWhere('e.reportedAt >= :from', { from: filter.reportedFrom });
    if (filter.reportedTo) qb.andWhere('e.reportedAt < :to', { to: filter.reportedTo });
    if (filter.text) {
      if (filter.text.length > 100) throw badInput('text must have at most 100 characters', { field: 'filter.text' });
      const like = likeContains(filter.text);
      qb.andWhere(`(e.title LIKE :like ${LIKE_ESCAPE} OR e.description LIKE :like ${LIKE_ESCAPE} OR e.location LIKE :like ${LIKE_ESCAPE})`, { like });
    }
    return paginate(qb, { first, after }, { idColumn: 'e.id', sort: { column: 'e.reportedAt', property: 'reportedAt', direction: 'DESC' } });
  }

  @Mutation(() => GridEvent, {
    description: 'Move an event along its chain. BAD_USER_INPUT: not allowed from its status; CONFLICT: expectedVersion is stale; FORBIDDEN: not your role or scope. Nothing changes on a refusal.',
  })
  transitionEvent(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => EventAction) action: EventAction,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: GridhubContext<SubdistrictServices>,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('assignee', () => AssigneeInput, { nullable: true, description: 'For ASSIGN: a department, or a grid worker of the event\'s community (NOT_FOUND otherwise)' }) assignee?: AssigneeInput,
  ) {
    return transitionEvent(ctx.data, ctx.services.grids, { id: Number(id), action, expectedVersion, note, assignee });
  }

  @FieldResolver(() => EventCategory)
  category(@Root() e: GridEvent, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(categoryByCode).load(e.categoryCode);
  }

  @FieldResolver(() => Grid, { description: 'The grid (resolved by the community subgraph)' })
  grid(@Root() e: GridEvent): Grid {
    return { id: e.gridId };
  }

  @FieldResolver(() => Community, { description: 'The grid\'s community when the event was reported' })
  community(@Root() e: GridEvent): Community {
    return { id: e.communityId };
  }

  @FieldResolver(() => Department, { nullable: true })
  assignedDepartment(@Root() e: GridEvent, @Ctx() ctx: GridhubContext) {
    return e.assignedDepartmentId == null ? null : ctx.loaders.get(departmentById).load(e.assignedDepartmentId);
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department supervising it (督办) since it went RED' })
  supervisingDepartment(@Root() e: GridEvent, @Ctx() ctx: GridhubContext) {
    return e.supervisingDepartmentId == null ? null : ctx.loaders.get(departmentById).load(e.supervisingDepartmentId);
  }

  @FieldResolver(() => GridWorker, { nullable: true })
  assignedWorker(@Root() e: GridEvent): GridWorker | null {
    return ref(e.assignedWorkerId);
  }

  @FieldResolver(() => EventActor, { description: 'The identity that recorded the report' })
  reportedBy(@Root() e: GridEvent): EventActor {
    return { subject: e.reporterSubject, role: e.reporterRole as EventActor['role'], name: null };
  }

  @FieldResolver(() => Boolean, { description: 'Past the deadline of its current stage' })
  overdue(@Root() e: GridEvent): boolean {
    return e.dueAt != null && e.dueAt.getTime() < Date.now();
  }

  @FieldResolver(() => Supervision, { description: '督办: YELLOW once past the deadline, RED when late by the stage\'s own time limit' })
  supervision(@Root() e: GridEvent): Supervision {
    return supervisionOf(e);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Resolved within the handling deadline; null until resolved' })
  onTime(@Root() e: GridEvent): boolean | null {
    return e.resolvedAt ? e.resolvedAt.getTime() <= e.handleDueAt.getTime() : null;
  }

  @FieldResolver(() => [EventHistoryEntry], { description: 'Every step so far, oldest first' })
  history(@Root() e: GridEvent, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(historyByEvent).load(e.id);
  }

  @FieldResolver(() => [EventAction], { description: 'What the caller may do with this event now (from the transition table)' })
  allowedActions(@Root() e: GridEvent, @Ctx() ctx: GridhubContext): EventAction[] {
    // The rule `transitionEvent` applies through `tx.writable`: the event in the caller's EVENTS write scope.
    if (!inScope(ctx.data.scope(DataClass.EVENTS, { write: true }), { grid: e.gridId, community: e.communityId, owner: e.reporterSubject })) return [];
    return TRANSITIONS.filter((t) => t.from.includes(e.status) && mayTake(ctx.identity, t, e)).map((t) => t.action);
  }
}

@Resolver(() => EventHistoryEntry)
export class EventHistoryResolver {
  @FieldResolver(() => EventActor)
  actor(@Root() h: EventHistoryEntry): EventActor {
    return { subject: h.actorSubject, role: h.actorRole as EventActor['role'], name: h.actorName };
  }

  @FieldResolver(() => Department, { nullable: true, description: 'For ASSIGN' })
  assignedDepartment(@Root() h: EventHistoryEntry, @Ctx() ctx: GridhubContext) {
    return h.assignedDepartmentId == null ? null : ctx.loaders.get(departmentById).load(h.assignedDepartmentId);
  }

  @FieldResolver(() => GridWorker, { nullable: true, description: 'For ASSIGN' })
  assignedWorker(@Root() h: EventHistoryEntry): GridWorker | null {
    return ref(h.assignedWorkerId);
  }
}

/** What the subdistrict's resolvers get from its definition: where `reportEvent` checks grids. */
export interface SubdistrictServices {
  grids: GridDirectory;
}

@Resolver()
export class ReportEventResolver {
  @Mutation(() => GridEvent, {
    description:
      "Report a grid event (status REPORTED). NOT_FOUND: unknown grid; a repeat of the caller's own externalRef returns its first event (CONFLICT if that was another source); FORBIDDEN: an externalRef in a service's reserved namespace.",
  })
  reportEvent(@Arg('input') input: ReportEventInput, @Ctx() ctx: GridhubContext<SubdistrictServices>) {
    return reportEvent(ctx.data, ctx.services.grids, input);
  }
}
