import { startPollingLoop } from '../polling-loop';
import { In, IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { sqlTime } from '../db/sql-time';
import type { Logger } from '../log';
import { metricsOf } from '../observability/metrics';
import { OutboxEntity } from './outbox.entity';

/** One message: its idempotency key (unique per outbox) and what to send. */
export interface OutboxMessage<P> {
  externalRef: string;
  payload: P;
}

/** Sends one message; resolves with the receiver's id for it, rejects when it was not accepted. */
export type OutboxSend<P> = (payload: P, externalRef: string) => Promise<{ id: string }>;

/** Adds a message inside the caller's transaction; a second add of the same externalRef is a no-op. */
export async function enqueueOutbox<P>(m: EntityManager, message: OutboxMessage<P>, now = new Date()): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(OutboxEntity)
    .values({ externalRef: message.externalRef, payload: JSON.stringify(message.payload), createdAt: now, attempts: 0, claimedUntil: null, deliveredAt: null, eventId: null, lastError: null })
    .orIgnore()
    // An ignored duplicate has no generated id to read back (typeorm would throw on MySQL).
    .updateEntity(false)
    .execute();
}

export interface DeliveryResult {
  delivered: number;
  /** Failed this time, to be tried again after the backoff. */
  failed: number;
  /** Refused for good (or out of attempts): now dead letters, never sent again until an admin retries them. */
  dead: number;
}

/**
 * Receiver answers that sending the same message again cannot change (its `extensions.code`): the message becomes a
 * dead letter at once instead of being retried forever. Anything else (unreachable, UNAUTHENTICATED while a token is
 * re-minted, INTERNAL, SUBGRAPH_UNAVAILABLE) is retried with backoff.
 */
export const TERMINAL_REFUSALS: ReadonlySet<string> = new Set(['CONFLICT', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND']);

/** Dead-letter code of a message whose attempts ran out (`maxAttempts`). */
export const ATTEMPTS_EXHAUSTED = 'ATTEMPTS_EXHAUSTED';

/** The receiver's terminal refusal code carried by a send failure (`extensions.code` or `code`), if it is one. */
export function terminalRefusal(err: unknown): string | undefined {
  const e = err as { extensions?: { code?: unknown }; code?: unknown } | null;
  const code = e?.extensions?.code ?? e?.code;
  return typeof code === 'string' && TERMINAL_REFUSALS.has(code) ? code : undefined;
}

export interface DeliverOptions<P> {
  /** Only these messages (default: every undelivered one that is due). */
  externalRefs?: string[];
  /** Messages per run (default 100). */
  limit?: number;
  /** How long a deliverer holds a row while sending (default 30 s). */
  claimMs?: number;
  /**
   * Wait before the next attempt after `attempts` failed ones, in ms (default: none — the row is free at once).
   * The row stays claimed until then, so every deliverer (this one, another replica) leaves it alone.
   */
  backoffMs?: (attempts: number) => number;
  /** Runs in the transaction that marks the message delivered (e.g. to record the receiver's id on the source row). */
  onDelivered?: (m: EntityManager, message: OutboxMessage<P>, result: { id: string }) => Promise<void>;
  /**
   * Attempts after which a message that still fails becomes a dead letter (`ATTEMPTS_EXHAUSTED`; default 500: days
   * of retrying at the default backoff). A terminal refusal (TERMINAL_REFUSALS) is a dead letter at its first answer.
   */
  maxAttempts?: number;
  /** Name of the outbox in logs and metrics (default `event_outbox`). */
  name?: string;
  /** Where dead letters are reported (an error line each); the metric is counted whether or not a log is given. */
  log?: Logger;
  now?: () => Date;
}

/**
 * Delivers undelivered messages that are due, oldest first. Each row is first claimed with a conditional update,
 * so two deliverers (a retried request, the periodic dispatcher, another replica) never send the same row at once;
 * a failure releases the claim (after the backoff). The receiver deduplicates by (sender, externalRef), which covers
 * the one remaining gap (a crash after the call, before `deliveredAt` is written). A terminal refusal, or a message
 * out of attempts, becomes a dead letter: logged, counted (`gridhub_outbox_dead_letters_total`) and left for an
 * administrator (`<name>OutboxDeadLetters`, `retry…OutboxMessage`), never retried by itself.
 */
export async function deliverOutbox<P>(db: DataSource, send: OutboxSend<P>, options: DeliverOptions<P> = {}): Promise<DeliveryResult> {
  const now = options.now ?? (() => new Date());
  const repo = db.getRepository(OutboxEntity);
  const due = repo
    .createQueryBuilder('o')
    .where('o.deliveredAt IS NULL AND o.deadAt IS NULL AND (o.claimedUntil IS NULL OR o.claimedUntil < :due)', { due: sqlTime(now()) })
    .orderBy('o.id', 'ASC')
    .take(options.limit ?? 100);
  if (options.externalRefs) {
    if (options.externalRefs.length === 0) return { delivered: 0, failed: 0, dead: 0 };
    due.andWhere({ externalRef: In(options.externalRefs) });
  }
  const result: DeliveryResult = { delivered: 0, failed: 0, dead: 0 };
  const maxAttempts = options.maxAttempts ?? 500;
  for (const row of await due.getMany()) {
    const at = now();
    const claim = await repo
      .createQueryBuilder()
      .update()
      .set({ claimedUntil: new Date(at.getTime() + (options.claimMs ?? 30_000)), attempts: () => 'attempts + 1' })
      .where('id = :id AND deliveredAt IS NULL AND deadAt IS NULL AND (claimedUntil IS NULL OR claimedUntil < :at)', { id: row.id, at: sqlTime(at) })
      .execute();
    if (!claim.affected) continue;
    const message: OutboxMessage<P> = { externalRef: row.externalRef, payload: JSON.parse(row.payload) as P };
    let sent: { id: string };
    try {
      sent = await send(message.payload, message.externalRef);
    } catch (err) {
      const lastError = String((err as Error).message).slice(0, 500);
      const deadCode = terminalRefusal(err) ?? (row.attempts + 1 >= maxAttempts ? ATTEMPTS_EXHAUSTED : undefined);
      if (deadCode) {
        await repo.update({ id: row.id }, { deadAt: now(), deadCode, claimedUntil: null, lastError });
        const outbox = options.name ?? repo.metadata.tableName;
        metricsOf(db)?.recordDeadLetter(outbox, deadCode);
        options.log?.error({ outbox, externalRef: row.externalRef, code: deadCode, error: lastError }, 'outbox message refused for good: a dead letter for an administrator to retry');
        result.dead++;
        continue;
      }
      const wait = options.backoffMs?.(row.attempts + 1) ?? 0;
      await repo.update({ id: row.id }, { claimedUntil: wait > 0 ? new Date(now().getTime() + wait) : null, lastError });
      result.failed++;
      continue;
    }
    await db.transaction(async (m) => {
      await m.update(OutboxEntity, { id: row.id }, { deliveredAt: now(), eventId: sent.id, claimedUntil: null, lastError: null });
      await options.onDelivered?.(m, message, sent);
    });
    result.delivered++;
  }
  return result;
}

/** Messages that have waited longer than `olderThanMs` undelivered, dead letters aside (for health and metrics). */
export async function undeliveredOutbox(db: DataSource, olderThanMs = 0): Promise<number> {
  return db.getRepository(OutboxEntity).countBy({ deliveredAt: IsNull(), deadAt: IsNull(), createdAt: LessThan(sqlTime(new Date(Date.now() - olderThanMs)) as never) });
}

/** Exponential backoff: `baseMs`, doubling per failed attempt, at most `maxMs`. */
export const exponentialBackoff = (baseMs: number, maxMs: number) => (attempts: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));

export interface OutboxDispatcherOptions<P> extends Pick<DeliverOptions<P>, 'onDelivered' | 'limit' | 'claimMs' | 'maxAttempts' | 'name'> {
  /** Pause between runs when nothing is due, in ms (default 1,000). */
  intervalMs?: number;
  /** Backoff after failed attempts (default: exponential from `intervalMs`, at most `maxBackoffMs`). */
  backoffMs?: (attempts: number) => number;
  /** Longest wait between attempts of one message with the default backoff (default 60 s). */
  maxBackoffMs?: number;
  log?: Logger;
}

export interface OutboxDispatcher {
  /** Runs a delivery now (e.g. right after a transaction enqueued a message) instead of at the next tick. */
  kick(): void;
  /**
   * Delivers these messages now, if due, and resolves with the outcome (a resolver that wants its event sent before it
   * answers); what fails stays for the background loop, with the same backoff and dead letters.
   */
  deliverNow(externalRefs: string[]): Promise<DeliveryResult>;
  /** Resolves once nothing undelivered remains or `timeoutMs` passed; true when the outbox is empty. */
  drain(timeoutMs?: number): Promise<boolean>;
  /** Stops the loop after the run in progress. */
  stop(): Promise<void>;
}

/**
 * Delivers an outbox in the background: a run every `intervalMs` (and at once on `kick`), retrying failed messages
 * with backoff until the receiver takes them, so delivery resumes by itself once the receiver is back.
 */
export function startOutboxDispatcher<P>(db: DataSource, send: OutboxSend<P>, options: OutboxDispatcherOptions<P> = {}): OutboxDispatcher {
  const intervalMs = options.intervalMs ?? 1_000;
  const backoffMs = options.backoffMs ?? exponentialBackoff(intervalMs, options.maxBackoffMs ?? 60_000);
  const deliverOptions: DeliverOptions<P> = {
    onDelivered: options.onDelivered, limit: options.limit, claimMs: options.claimMs, backoffMs, maxAttempts: options.maxAttempts, name: options.name, log: options.log,
  };
  let running = true;
  const loop = startPollingLoop(
    intervalMs,
    async () => {
      const result = await deliverOutbox(db, send, deliverOptions);
      if (result.failed) options.log?.warn({ ...result }, 'outbox delivery failed; retrying with backoff');
      // A full batch delivered: there may be more, go on at once.
      return result.delivered >= (options.limit ?? 100);
    },
    (err) => options.log?.error({ err }, 'outbox dispatcher run failed'),
  );

  const dispatcher: OutboxDispatcher = {
    kick: () => loop.kick(),
    deliverNow(externalRefs) {
      if (!running) return Promise.resolve({ delivered: 0, failed: 0, dead: 0 });
      return deliverOutbox(db, send, { ...deliverOptions, externalRefs });
    },
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ((await undeliveredOutbox(db)) === 0) return true;
        await new Promise((r) => setTimeout(r, Math.min(intervalMs, 100)));
      }
      return false;
    },
    async stop() {
      running = false;
      await loop.stop();
      if (dispatchers.get(db) === dispatcher) dispatchers.delete(db);
    },
  };
  dispatchers.set(db, dispatcher);
  return dispatcher;
}

/*
 * Resolvers hold no database handle of their own: they find the instance's dispatcher by its DataSource (each
 * started subgraph has its own), e.g. to deliver at once what their transaction just enqueued.
 */
const dispatchers = new WeakMap<object, OutboxDispatcher>();

/** The dispatcher running on `db` (`running.db`, or `ctx.data.connection` in a resolver), if one runs. */
export const dispatcherOf = (db: object): OutboxDispatcher | undefined => dispatchers.get(db);
