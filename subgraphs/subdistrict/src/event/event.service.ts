import { badInput, can, conflict, DataClass, forbidden, notFound, requireAction, requireKeyOwner, type Identity, type ScopedData } from '@gridhub/kit';
import { DeadlinePolicyEntity, EventCategoryEntity } from '../category/category.entity';
import { stageDeadline } from '../category/deadline';
import { emitEventStatusChanged } from './event.webhooks';
import { DepartmentEntity } from '../department/department.entity';
import type { GridDirectory } from '../grid/grid-directory';
import { EventHistoryEntity, GridEventEntity } from './event.entity';
import { EventAction, EventPriority, EventSource, EventStatus, HistoryAction } from './event.enums';
import type { AssigneeInput, ReportEventInput } from './event.input';
import { stageOf, transitionOf, type Transition } from './event.machine';

/** Unique-key violations from either driver. */
const isDuplicate = (err: unknown) => /UNIQUE constraint failed|Duplicate entry|ER_DUP_ENTRY/i.test(String((err as Error)?.message));

function text(value: string | undefined | null, field: string, max: number, required = true): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed && required) throw badInput(`${field} must not be empty`, { field });
  if (trimmed.length > max) throw badInput(`${field} must have at most ${max} characters`, { field });
  return trimmed || null;
}

/** The deadline running in `status` and when it turns RED, from the deadlines stored on the event. */
export function currentDeadline(
  e: Pick<GridEventEntity, 'reportedAt' | 'acceptDueAt' | 'handleDueAt' | 'resolvedAt' | 'verifyDueAt'>,
  status: EventStatus,
): { dueAt: Date | null; redAt: Date | null } {
  const span = (start: Date, due: Date) => ({ dueAt: due, redAt: new Date(2 * due.getTime() - start.getTime()) });
  switch (stageOf(status)) {
    case 'accept':
      return span(e.reportedAt, e.acceptDueAt);
    case 'handle':
      return span(e.reportedAt, e.handleDueAt);
    case 'verify':
      return e.resolvedAt && e.verifyDueAt ? span(e.resolvedAt, e.verifyDueAt) : { dueAt: null, redAt: null };
    case null:
      return { dueAt: null, redAt: null };
  }
}

async function policyFor(data: ScopedData, categoryRoot: string, priority: string): Promise<DeadlinePolicyEntity> {
  const policy = await data
    .query(DeadlinePolicyEntity, 'p')
    .andWhere('p.categoryCode = :categoryRoot AND p.priority = :priority', { categoryRoot, priority })
    .getOne();
  if (!policy) throw badInput(`no deadline policy for ${categoryRoot} at ${priority}`, { field: 'priority' });
  return policy;
}

const actor = (identity: Identity) => ({ actorSubject: identity.subject, actorRole: identity.role, actorName: identity.name ?? null });

/**
 * The caller's own event of `externalRef`, if any: idempotency keys belong to their reporter, so another identity's
 * event under the same key is neither found nor told about (the caller always reads its own reports).
 */
const byExternalRef = (data: ScopedData, externalRef: string) =>
  data.query(GridEventEntity, 'e').andWhere('e.reporterSubject = :me AND e.externalRef = :externalRef', { me: data.identity.subject, externalRef }).getOne();

/**
 * Records a new event (status REPORTED) and its REPORT history row in one transaction. Who may report which source
 * is the kit's `event.report.<source>` action; the grid must exist in the community tier (checked against the cached
 * directory) and be one the caller may report into (EVENTS write scope). Idempotency is keyed on (reporter,
 * externalRef): the reporter's repeat returns its first event; another reporter's same key is another event; keys of
 * a service's namespace (`complex:…`) are FORBIDDEN to every other identity.
 */
export async function reportEvent(data: ScopedData, grids: Pick<GridDirectory, 'lookup'>, input: ReportEventInput): Promise<GridEventEntity> {
  const { identity } = data;
  requireAction(identity, `event.report.${input.source}`, `report ${input.source} events`);
  const title = text(input.title, 'title', 200)!;
  const description = text(input.description, 'description', 2000, false) ?? '';
  const location = text(input.location, 'location', 255)!;
  const reporterName = text(input.reporter, 'reporter', 64)!;
  const externalRef = text(input.externalRef, 'externalRef', 128, false);
  if ((input.source === EventSource.CITIZEN) !== (input.channel != null))
    throw badInput('channel is required for CITIZEN reports and only for them', { field: 'channel' });
  const gridId = Number(input.gridId);
  if (!Number.isInteger(gridId) || gridId <= 0) throw badInput('gridId must be a grid id', { field: 'gridId' });

  if (externalRef) {
    requireKeyOwner(identity, externalRef);
    const existing = await byExternalRef(data, externalRef);
    if (existing) return sameReport(existing, input.source);
  }
  const category = await data.query(EventCategoryEntity, 'c').andWhere('c.code = :code', { code: input.category }).getOne();
  if (!category) throw badInput(`unknown event category ${input.category}`, { field: 'category' });
  const categoryRoot = category.parentCode ?? category.code;
  const policy = await policyFor(data, categoryRoot, input.priority);

  const grid = await grids.lookup(gridId);
  if (!grid) throw notFound('Grid', gridId);
  if (grid.validTo) throw badInput(`grid ${gridId} was retired on ${grid.validTo}: report into the grid that replaced it`, { field: 'gridId' });
  // Every role: the new event is placed in a grid the caller may report into.
  data.requireWritableTarget(DataClass.EVENTS, { grid: grid.id, community: grid.communityId }, `grid ${gridId}`);

  const now = new Date();
  const row: Omit<GridEventEntity, 'id'> = {
    title, description, location, reporterName, externalRef,
    categoryCode: category.code, categoryRoot, priority: input.priority, source: input.source, channel: input.channel ?? null,
    gridId: grid.id, communityId: grid.communityId,
    reporterSubject: identity.subject, reporterRole: identity.role,
    status: EventStatus.REPORTED, version: 1,
    assignedDepartmentId: null, assignedWorkerId: null,
    reportedAt: now, acceptedAt: null, resolvedAt: null, verifiedAt: null, closedAt: null,
    acceptDueAt: stageDeadline(policy, 'accept', now).dueAt,
    handleDueAt: stageDeadline(policy, 'handle', now).dueAt,
    verifyDueAt: null, dueAt: null, redAt: null, supervisedAt: null, supervisingDepartmentId: null,
    updatedAt: now,
  };
  Object.assign(row, currentDeadline(row, EventStatus.REPORTED));
  try {
    return await data.transaction(async (tx) => {
      const inserted = await tx.writer.insert(GridEventEntity, { ...row });
      const event = { ...row, id: Number(inserted.identifiers[0]!.id) } as GridEventEntity;
      await tx.writer.insert(EventHistoryEntity, {
        eventId: event.id, action: HistoryAction.REPORT, fromStatus: null, toStatus: EventStatus.REPORTED, ...actor(identity),
        note: null, assignedDepartmentId: null, assignedWorkerId: null, at: now,
      });
      return event;
    });
  } catch (err) {
    // A concurrent retry of the same report by the same reporter won the race: answer with its event.
    if (externalRef && isDuplicate(err)) {
      const existing = await byExternalRef(data, externalRef);
      if (existing) return sameReport(existing, input.source);
    }
    throw err;
  }
}

/** The reporter's earlier event of the same key: the same report again, or a key reused for another source. */
function sameReport(existing: GridEventEntity, source: string): GridEventEntity {
  if (existing.source !== source)
    throw conflict(`you already used externalRef ${existing.externalRef} for a ${existing.source} report`, { field: 'externalRef' });
  return existing;
}

/** Who an event is assigned to, as the ASSIGN action sets it. */
export interface Assignment {
  assignedDepartmentId: number | null;
  assignedWorkerId: number | null;
}

/**
 * The columns a transition changes: status, the timestamps of its step, the assignee, and the deadline of the stage
 * it enters. Pure, so the seeder builds its history with exactly what `transitionEvent` would write.
 * `policy` is needed when the event becomes RESOLVED (the verification deadline starts).
 */
export function applyTransition(
  e: GridEventEntity,
  rule: Transition,
  now: Date,
  policy: Pick<DeadlinePolicyEntity, 'verifyAmount' | 'verifyUnit'> | null,
  assignment: Assignment | null,
): Partial<GridEventEntity> {
  const next: Partial<GridEventEntity> = { status: rule.to, updatedAt: now };
  if (rule.action === EventAction.ACCEPT) next.acceptedAt = now;
  if (assignment) Object.assign(next, assignment);
  if (rule.action === EventAction.RETURN) Object.assign(next, { assignedDepartmentId: null, assignedWorkerId: null });
  if (rule.to === EventStatus.RESOLVED) {
    if (!policy) throw new Error('the verification deadline needs the deadline policy');
    next.resolvedAt = now;
    next.verifyDueAt = stageDeadline(policy, 'verify', now).dueAt;
  }
  if (rule.action === EventAction.FAIL_VERIFICATION) Object.assign(next, { resolvedAt: null, verifyDueAt: null });
  if (rule.to === EventStatus.VERIFIED) next.verifiedAt = now;
  if (rule.to === EventStatus.CLOSED) next.closedAt = now;
  return Object.assign(next, currentDeadline({ ...e, ...next }, rule.to));
}

export interface TransitionRequest {
  id: number;
  action: EventAction;
  expectedVersion: number;
  note?: string | null;
  assignee?: AssigneeInput | null;
}

/** Checks the conditions of a transition row beyond state and role; returns the assignee columns to set. */
async function checkConditions(
  tx: ScopedData, rule: Transition, e: GridEventEntity, identity: Identity, assignee: AssigneeInput | null | undefined,
  grids: Pick<GridDirectory, 'lookupWorker'>,
): Promise<Assignment | null> {
  const needs = rule.needs ?? [];
  if (needs.includes('minor') && e.priority !== EventPriority.MINOR)
    throw badInput(`only MINOR events can be ${rule.action}d; event ${e.id} is ${e.priority}`, { field: 'action' });
  if (needs.includes('ownReport') && e.reporterSubject !== identity.subject)
    throw forbidden(`only the grid worker who reported event ${e.id} may ${rule.action} it`);
  if (!needs.includes('assignee')) {
    if (assignee?.departmentId || assignee?.gridWorkerId) throw badInput(`${rule.action} takes no assignee`, { field: 'assignee' });
    return null;
  }
  const departmentId = assignee?.departmentId ? Number(assignee.departmentId) : null;
  const workerId = assignee?.gridWorkerId ? Number(assignee.gridWorkerId) : null;
  if ((departmentId == null) === (workerId == null))
    throw badInput('assign to exactly one of a department or a grid worker', { field: 'assignee' });
  if (departmentId != null && !(Number.isInteger(departmentId) && departmentId > 0)) throw badInput('departmentId must be a department id', { field: 'assignee.departmentId' });
  if (workerId != null && !(Number.isInteger(workerId) && workerId > 0)) throw badInput('gridWorkerId must be a grid worker id', { field: 'assignee.gridWorkerId' });
  if (departmentId != null && !(await tx.query(DepartmentEntity, 'd').andWhere('d.id = :id', { id: departmentId }).getExists()))
    throw notFound('Department', departmentId);
  // A grid worker of the community tier who works in the event's community: an unknown worker and one of another
  // community are the same NOT_FOUND (no oracle of who works where).
  if (workerId != null && !(await grids.lookupWorker(workerId))?.communityIds.includes(e.communityId)) throw notFound('GridWorker', workerId);
  return { assignedDepartmentId: departmentId, assignedWorkerId: workerId };
}

/** Whether the caller may take `rule` on `e` as far as role and conditions go (its write scope is checked apart). */
export const mayTake = (identity: Identity, rule: Transition, e: Pick<GridEventEntity, 'priority' | 'reporterSubject'>): boolean =>
  can(identity, rule.kitAction) &&
  (!rule.needs?.includes('minor') || e.priority === EventPriority.MINOR) &&
  (!rule.needs?.includes('ownReport') || e.reporterSubject === identity.subject);

/**
 * Moves an event along the transition table. In one transaction: the event as a writable row (NOT_FOUND outside the
 * caller's read scope, FORBIDDEN outside its write scope), the checks, a conditional
 * `UPDATE … WHERE id = ? AND version = ?` (of two concurrent callers with the same version exactly one changes the
 * row, the other gets CONFLICT) and the history row. Any refusal leaves event and history as they were.
 */
export async function transitionEvent(data: ScopedData, grids: Pick<GridDirectory, 'lookupWorker'>, req: TransitionRequest): Promise<GridEventEntity> {
  const { identity } = data;
  const rule = transitionOf(req.action);
  const note = text(req.note, 'note', 500, false);
  return data.transaction(async (tx) => {
    const e = await tx.writable(GridEventEntity, req.id);
    if (e.version !== req.expectedVersion)
      throw conflict(`event ${e.id} is at version ${e.version}, not ${req.expectedVersion}: reload and retry`, { currentVersion: e.version });
    const from = e.status as EventStatus;
    if (!rule.from.includes(from))
      throw badInput(`cannot ${req.action} an event that is ${from} (only from ${rule.from.join(', ')})`, { field: 'action', status: from });
    requireAction(identity, rule.kitAction, `${req.action} events`);
    const assignment = await checkConditions(tx, rule, e, identity, req.assignee, grids);

    const now = new Date();
    const policy = rule.to === EventStatus.RESOLVED ? await policyFor(tx, e.categoryRoot, e.priority) : null;
    const next = applyTransition(e, rule, now, policy, assignment);

    const result = await tx.writer.update(GridEventEntity, { id: e.id, version: req.expectedVersion }, { ...next, version: () => 'version + 1' } as never);
    // Another transition committed between the read and this statement: nothing of ours is written.
    if (result.affected !== 1) throw conflict(`event ${e.id} changed concurrently: reload and retry`);
    await tx.writer.insert(EventHistoryEntity, {
      eventId: e.id, action: rule.action, fromStatus: from, toStatus: rule.to, ...actor(identity), note,
      assignedDepartmentId: assignment?.assignedDepartmentId ?? null, assignedWorkerId: assignment?.assignedWorkerId ?? null, at: now,
    });
    const after = { ...e, ...next, version: e.version + 1 } as GridEventEntity;
    await emitEventStatusChanged(tx, after, from, rule.action);
    return after;
  });
}
