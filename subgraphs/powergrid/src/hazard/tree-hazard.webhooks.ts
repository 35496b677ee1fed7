import { defineWebhookEvent, emitWebhookEvent, webhooks, type Writer } from '@gridhub/kit';
import { TreeHazardEntity } from './tree-hazard.entity';

/** The hazard kinds partners subscribe to (`subscribePowergridWebhook`); a new kind is one line here and one emit. */
export const TREE_HAZARD_REPORTED = defineWebhookEvent('TREE_HAZARD_REPORTED', 'a tree hazard was reported on a line');
export const TREE_HAZARD_CHANGED = defineWebhookEvent('TREE_HAZARD_CHANGED', 'a tree hazard changed: its status, a mediation request, measurements, photos, campaign');

/** The power-grid subgraph's webhooks: kinds, tables, root fields, delivery loop. */
export const powergridWebhooks = webhooks('powergrid', [TREE_HAZARD_REPORTED, TREE_HAZARD_CHANGED]);

/** What a receiver gets of a hazard: the fields of `TreeHazard` (ids as strings), nothing a reader could not see. */
export const hazardData = (h: TreeHazardEntity) => ({
  id: String(h.id),
  lineId: String(h.lineId),
  spanId: String(h.spanId),
  gridId: String(h.gridId),
  campaignId: h.campaignId == null ? null : String(h.campaignId),
  agency: h.agency,
  species: h.species,
  measuredClearanceM: h.measuredClearanceM,
  requiredClearanceM: h.requiredClearanceM,
  level: h.level,
  status: h.status,
  location: h.location,
  latitude: h.latitude,
  longitude: h.longitude,
  photos: h.photos,
  reportedBy: h.reportedBy,
  reportedAt: h.reportedAt,
  clearedAt: h.clearedAt,
  mediationRequestedAt: h.mediationRequestedAt,
  mediationReason: h.mediationReason,
  mediationCount: h.mediationCount,
  mediationEventId: h.mediationEventId,
  version: h.version,
  updatedAt: h.updatedAt,
});

/** TREE_HAZARD_REPORTED, in the report's transaction. */
export const emitHazardReported = (tx: { writer: Writer }, hazard: TreeHazardEntity) =>
  emitWebhookEvent(tx, 'powergrid', TREE_HAZARD_REPORTED, { entity: TreeHazardEntity, row: hazard, data: { hazard: hazardData(hazard) } });

/**
 * TREE_HAZARD_CHANGED, in the change's transaction: the hazard after it, its status before, and what changed
 * (`mediationRequested` when the change is a mediation request).
 */
export const emitHazardChanged = (tx: { writer: Writer }, before: TreeHazardEntity, after: TreeHazardEntity, changed: string[]) =>
  emitWebhookEvent(tx, 'powergrid', TREE_HAZARD_CHANGED, {
    entity: TreeHazardEntity,
    row: after,
    data: { hazard: hazardData(after), previousStatus: before.status, changed, mediationRequested: after.mediationCount > before.mediationCount },
  });
