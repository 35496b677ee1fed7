import { randomUUID } from 'node:crypto';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Writer } from '../data/scoped-data';
import { governanceOf } from '../data/governed';
import type { Identity } from '../identity';
import { visible } from '../scope/guard';
import type { ScopedRow } from '../scope/filter';
import type { WebhookEventKind } from './events';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';

/** The body every webhook request carries (JSON); `data` is the kind's own. */
export interface WebhookBody<D = unknown> {
  /** The delivery id (also in the `gridhub-webhook-id` header). */
  id: string;
  event: string;
  /** The subgraph that raised it. */
  source: string;
  /** When the change was committed (ISO 8601). */
  occurredAt: string;
  data: D;
}

export interface WebhookChange<E extends ObjectLiteral> {
  /** The changed row's entity: its `@Governed` class and owner columns decide who may be told. */
  entity: EntityTarget<E>;
  /** The row after the change (its owner columns are read from it). */
  row: E;
  /** What receivers get as `data`: only fields a reader of the row may see. */
  data: unknown;
}

/** The row's owners as the policy sees them (`@Governed` columns that are plain properties). */
function ownersOf<E extends ObjectLiteral>(entity: EntityTarget<E>, row: E): ScopedRow {
  const owners: Record<string, unknown> = {};
  for (const [kind, column] of Object.entries(governanceOf(entity).columns)) {
    if (!column) continue;
    if (!/^[A-Za-z_]\w*$/.test(column)) throw new Error(`webhook events need owner columns that are properties (${kind}: ${column})`);
    owners[kind] = row[column] ?? null;
  }
  return owners as ScopedRow;
}

/** The identity a webhook was subscribed with. */
export const subscriberOf = (webhook: Pick<WebhookEntity, 'claims'>): Identity => JSON.parse(webhook.claims) as Identity;

/**
 * Raises `kind` for a change, IN THE CHANGE'S TRANSACTION (`tx.writer`): one delivery per enabled webhook that
 * subscribed to the kind and whose subscriber may read the changed row. Commit and the deliveries are written; roll
 * back and none are. Returns how many were written; kick the dispatcher after the commit to send them at once.
 */
export async function emitWebhookEvent<E extends ObjectLiteral>(
  tx: { writer: Writer },
  source: string,
  kind: WebhookEventKind,
  change: WebhookChange<E>,
  now = new Date(),
): Promise<number> {
  const m = tx.writer as EntityManager;
  // The kit reads every subscription here, as the delivery job would: which subscriber may read the row is decided
  // below, per subscriber, by the same policy as its reads.
  const webhooks = await m.getRepository(WebhookEntity).createQueryBuilder('w').where('w.disabledAt IS NULL').getMany();
  const { data } = governanceOf(change.entity);
  const owners = ownersOf(change.entity, change.row);
  const rows = webhooks
    .filter((w) => w.events.split(',').includes(kind.name) && visible(subscriberOf(w), data, owners))
    .map((w) => {
      const deliveryId = randomUUID();
      const body: WebhookBody = { id: deliveryId, event: kind.name, source, occurredAt: now.toISOString(), data: change.data };
      return {
        deliveryId, webhookId: w.id, subscriberSubject: w.subscriberSubject, event: kind.name, payload: JSON.stringify(body), createdAt: now,
        attempts: 0, nextAttemptAt: now, claimedUntil: null, deliveredAt: null, lastStatus: null, lastError: null,
      };
    });
  if (rows.length) await m.getRepository(WebhookDeliveryEntity).insert(rows);
  return rows.length;
}
