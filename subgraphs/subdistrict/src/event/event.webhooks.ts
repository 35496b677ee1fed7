import { defineWebhookEvent, emitWebhookEvent, webhooks, type Writer } from '@gridhub/kit';
import { GridEventEntity } from './event.entity';

/** What the centre's receivers (and any subscriber who may read the event) hear of grid events. */
export const GRID_EVENT_STATUS_CHANGED = defineWebhookEvent('GRID_EVENT_STATUS_CHANGED', 'a grid event moved along its chain (accepted, assigned, resolved, verified, closed, returned …)');
export const GRID_EVENT_RED_SUPERVISED = defineWebhookEvent('GRID_EVENT_RED_SUPERVISED', 'a grid event went RED and was put under supervision (督办)');

/** The subdistrict's webhooks (`subscribeSubdistrictWebhook` …): kinds, tables, root fields, delivery loop. */
export const subdistrictWebhooks = webhooks('subdistrict', [GRID_EVENT_STATUS_CHANGED, GRID_EVENT_RED_SUPERVISED]);

/** What a receiver gets of an event: its chain fields (ids as strings), never its reporter's personal details. */
const eventData = (e: GridEventEntity) => ({
  id: String(e.id),
  title: e.title,
  categoryCode: e.categoryCode,
  priority: e.priority,
  source: e.source,
  status: e.status,
  version: e.version,
  gridId: String(e.gridId),
  communityId: String(e.communityId),
  assignedDepartmentId: e.assignedDepartmentId == null ? null : String(e.assignedDepartmentId),
  assignedWorkerId: e.assignedWorkerId == null ? null : String(e.assignedWorkerId),
  reportedAt: e.reportedAt,
  deadline: e.dueAt,
  supervisedAt: e.supervisedAt,
  supervisingDepartmentId: e.supervisingDepartmentId == null ? null : String(e.supervisingDepartmentId),
});

/** GRID_EVENT_STATUS_CHANGED, in the transition's transaction. */
export const emitEventStatusChanged = (tx: { writer: Writer }, after: GridEventEntity, previousStatus: string, action: string) =>
  emitWebhookEvent(tx, 'subdistrict', GRID_EVENT_STATUS_CHANGED, { entity: GridEventEntity, row: after, data: { event: eventData(after), previousStatus, action } });

/** GRID_EVENT_RED_SUPERVISED, in the supervision job's transaction. */
export const emitEventSupervised = (tx: { writer: Writer }, event: GridEventEntity) =>
  emitWebhookEvent(tx, 'subdistrict', GRID_EVENT_RED_SUPERVISED, { entity: GridEventEntity, row: event, data: { event: eventData(event) } });
