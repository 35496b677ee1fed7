import { startPollingLoop } from '../polling-loop';
import { Counter } from 'prom-client';
import { In, type DataSource } from 'typeorm';
import { sqlTime } from '../db/sql-time';
import type { Logger } from '../log';
import type { ServiceMetrics } from '../observability/metrics';
import { exponentialBackoff } from '../outbox/outbox';
import { destinationRefusal } from './destination';
import { signWebhook, WEBHOOK_HEADERS } from './signature';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';

export interface WebhookDispatcherOptions {
  /** Pause between runs when nothing is due, in ms (default 1,000); a change kicks a run at once. */
  intervalMs?: number;
  /** Bound of one attempt (connect, answer), in ms (default 10,000): a receiver that hangs is a failed attempt. */
  timeoutMs?: number;
  /** Backoff doubles from `intervalMs` per failed attempt of a delivery, up to this (default 10 minutes). */
  maxBackoffMs?: number;
  /** Failed attempts in a row after which a webhook is disabled (default 20). */
  disableAfter?: number;
  /** Deliveries per run (default 100). */
  limit?: number;
  /** Subgraph name in logs and metrics. */
  name?: string;
  log?: Logger;
  metrics?: ServiceMetrics;
}

export interface WebhookRunResult {
  delivered: number;
  failed: number;
  /** Webhooks disabled in this run. */
  disabled: number;
}

export interface WebhookDispatcher {
  /** Run now (after a commit that wrote deliveries). */
  kick(): void;
  stop(): Promise<void>;
}

interface WebhookCounters {
  attempts: Counter<'outcome'>;
  disabled: Counter<'subgraph'>;
}
const counters = new WeakMap<ServiceMetrics, WebhookCounters>();

/** Its series on the service's registry: attempts by outcome, and webhooks disabled (alert on any increase). */
function countersOf(metrics: ServiceMetrics | undefined): WebhookCounters | undefined {
  if (!metrics) return undefined;
  let found = counters.get(metrics);
  if (!found) {
    const registers = [metrics.registry];
    found = {
      attempts: new Counter({ name: 'gridhub_webhook_attempts_total', help: 'Webhook delivery attempts, by outcome (delivered, failed)', labelNames: ['outcome'], registers }),
      disabled: new Counter({
        name: 'gridhub_webhooks_disabled_total',
        help: 'Webhooks disabled after repeated failed attempts (their owner replays a delivery to enable them again)',
        labelNames: ['subgraph'],
        registers,
      }),
    };
    counters.set(metrics, found);
  }
  return found;
}

/** One attempt: POST the stored body, signed for this attempt; resolves with the HTTP status, rejects on no answer. */
async function post(url: string, secret: string, delivery: WebhookDeliveryEntity, timeoutMs: number): Promise<number> {
  const refused = await destinationRefusal(new URL(url));
  if (refused) throw new Error(`not sent: ${refused} (GRIDHUB_WEBHOOK_PRIVATE_NETWORKS=allow permits it)`);
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'gridhub-webhooks/1',
      [WEBHOOK_HEADERS.id]: delivery.deliveryId,
      [WEBHOOK_HEADERS.event]: delivery.event,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, delivery.payload),
    },
    body: delivery.payload,
    // A redirect is the receiver's answer, not a new destination: the subscription's URL is the only one posted to.
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

/**
 * Sends the deliveries that are due, oldest first, per webhook in order: the first failure of a webhook ends its turn
 * (the rest wait for its backoff, so retries of a failing receiver never crowd out other webhooks). Each row is claimed with a conditional update first, so two instances never send
 * one row at once; a crash after the POST and before `deliveredAt` sends it again — with the same delivery id.
 */
export async function deliverWebhooks(db: DataSource, options: WebhookDispatcherOptions = {}): Promise<WebhookRunResult> {
  const intervalMs = options.intervalMs ?? 1_000;
  const backoff = exponentialBackoff(intervalMs, options.maxBackoffMs ?? 600_000);
  const disableAfter = options.disableAfter ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const result: WebhookRunResult = { delivered: 0, failed: 0, disabled: 0 };
  const deliveries = db.getRepository(WebhookDeliveryEntity);
  const webhooks = db.getRepository(WebhookEntity);
  const due = await deliveries
    .createQueryBuilder('d')
    .where('d.deliveredAt IS NULL AND d.nextAttemptAt <= :now AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)', { now: sqlTime(new Date()) })
    .andWhere('d.webhookId IN (SELECT w.id FROM webhook w WHERE w.disabledAt IS NULL)')
    .orderBy('d.id', 'ASC')
    .take(options.limit ?? 100)
    .getMany();
  if (!due.length) return result;
  const hooks = await webhooks.createQueryBuilder('w').addSelect('w.secret').where({ id: In([...new Set(due.map((d) => d.webhookId))]) }).getMany();
  const counters = countersOf(options.metrics);
  await Promise.all(
    hooks.map(async (hook) => {
      for (const delivery of due.filter((d) => d.webhookId === hook.id)) {
        const at = new Date();
        const claim = await deliveries
          .createQueryBuilder()
          .update()
          .set({ claimedUntil: new Date(at.getTime() + timeoutMs + 30_000), attempts: () => 'attempts + 1' })
          .where('id = :id AND deliveredAt IS NULL AND (claimedUntil IS NULL OR claimedUntil < :at)', { id: delivery.id, at: sqlTime(at) })
          .execute();
        if (!claim.affected) continue;
        let status: number | null = null;
        let error: string | null = null;
        try {
          status = await post(hook.url, hook.secret, delivery, timeoutMs);
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (err) {
          const cause = (err as { cause?: { code?: string } }).cause?.code;
          error = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${(err as Error).message}${cause ? ` (${cause})` : ''}`;
        }
        if (error === null) {
          await deliveries.update({ id: delivery.id }, { deliveredAt: new Date(), nextAttemptAt: null, claimedUntil: null, lastStatus: status, lastError: null });
          await webhooks.update({ id: hook.id }, { consecutiveFailures: 0 });
          counters?.attempts.inc({ outcome: 'delivered' });
          result.delivered++;
          continue;
        }
        const next = new Date(Date.now() + backoff(delivery.attempts + 1));
        await deliveries.update({ id: delivery.id }, { nextAttemptAt: next, claimedUntil: null, lastStatus: status, lastError: error.slice(0, 500) });
        // Its other waiting deliveries wait as long: a failing receiver's backlog never fills a run's batch while
        // other webhooks' deliveries are due.
        await deliveries
          .createQueryBuilder()
          .update()
          .set({ nextAttemptAt: next })
          .where('webhookId = :webhookId AND deliveredAt IS NULL AND nextAttemptAt < :next', { webhookId: hook.id, next: sqlTime(next) })
          .execute();
        await webhooks.increment({ id: hook.id }, 'consecutiveFailures', 1);
        counters?.attempts.inc({ outcome: 'failed' });
        result.failed++;
        const reason = `${disableAfter} failed attempts in a row (last: ${error})`.slice(0, 255);
        const disabled = await webhooks
          .createQueryBuilder()
          .update()
          .set({ disabledAt: new Date(), disabledReason: reason })
          .where('id = :id AND disabledAt IS NULL AND consecutiveFailures >= :n', { id: hook.id, n: disableAfter })
          .execute();
        if (disabled.affected) {
          result.disabled++;
          counters?.disabled.inc({ subgraph: options.name ?? 'unknown' });
          options.log?.warn({ webhookId: hook.id, subscriber: hook.subscriberSubject, url: hook.url, reason }, 'webhook disabled after repeated failures');
        }
        break; // its other deliveries wait for the backoff
      }
    }),
  );
  return result;
}

const dispatchers = new WeakMap<object, WebhookDispatcher>();

/** The webhook dispatcher running on `db` (`ctx.data.connection` in a resolver), if one runs. */
export const webhookDispatcherOf = (db: object): WebhookDispatcher | undefined => dispatchers.get(db);

/** Runs `deliverWebhooks` every `intervalMs` (and at once on `kick`) until stopped; `stop` waits for a run in flight. */
export function startWebhookDispatcher(db: DataSource, options: WebhookDispatcherOptions = {}): WebhookDispatcher {
  const intervalMs = options.intervalMs ?? 1_000;
  const loop = startPollingLoop(
    intervalMs,
    async () => {
      const result = await deliverWebhooks(db, options);
      if (result.failed) options.log?.info({ ...result }, 'webhook deliveries failed; retrying with backoff');
      return result.delivered + result.failed >= (options.limit ?? 100);
    },
    (err) => options.log?.error({ err }, 'webhook dispatcher run failed'),
  );
  const dispatcher: WebhookDispatcher = {
    kick: () => loop.kick(),
    async stop() {
      await loop.stop();
      if (dispatchers.get(db) === dispatcher) dispatchers.delete(db);
    },
  };
  dispatchers.set(db, dispatcher);
  return dispatcher;
}
