import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Governed } from '../data/governed';
import { DataClass } from '../scope/policy';

/**
 * A webhook subscription: where one identity wants to be told of which event kinds of this subgraph. It keeps the
 * subscriber's identity claims as they were when it subscribed: a delivery is created only for a change the
 * subscriber may read (the changed row's `@Governed` owners against those claims), so a webhook never tells more
 * than a read would. A subgraph lists this entity among its own and creates the table in its migrations.
 */
@Entity('webhook')
@Governed(DataClass.WEBHOOKS, { owner: 'subscriberSubject' }, { typeName: 'Webhook' })
@Index(['subscriberSubject'])
@Index(['disabledAt'])
export class WebhookEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) subscriberSubject: string;
  /** The subscriber's identity claims (JSON): deliveries are scoped by them like the subscriber's reads. */
  @Column({ type: 'text' }) claims: string;
  @Column({ type: 'varchar', length: 1000 }) url: string;
  /** Event kinds, comma-separated. */
  @Column({ type: 'varchar', length: 500 }) events: string;
  /** The HMAC-SHA256 key of its signatures; never selected unless asked for (the dispatcher), never served. */
  @Column({ type: 'varchar', length: 128, select: false }) secret: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  /** Failed attempts in a row (any delivery); a success resets it, `disableAfter` of them disable the webhook. */
  @Column({ type: 'int', default: 0 }) consecutiveFailures: number;
  /** Set when it was disabled (nothing is sent while set); a replay by its owner enables it again. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) disabledAt: Date | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) disabledReason: string | null;
}

/**
 * One change to send to one webhook, written in the same transaction as the change (a rolled-back change sends
 * nothing): the subscriber's delivery log. `deliveryId` is sent with every attempt and replay, so a receiver
 * deduplicates by it; `payload` is the exact body, identical on every attempt.
 */
@Entity('webhook_delivery')
@Governed(DataClass.WEBHOOKS, { owner: 'subscriberSubject' }, { typeName: 'WebhookDelivery' })
@Index(['deliveredAt', 'nextAttemptAt'])
@Index(['webhookId', 'id'])
@Index(['subscriberSubject', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 36 }) deliveryId: string;
  @Column({ type: 'int' }) webhookId: number;
  @Column({ type: 'varchar', length: 128 }) subscriberSubject: string;
  @Column({ type: 'varchar', length: 64 }) event: string;
  /** The body as sent (JSON). */
  @Column({ type: 'text' }) payload: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** Earliest next attempt; null once delivered. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) nextAttemptAt: Date | null;
  /** A deliverer holds the row until then (another instance skips it). */
  @Column({ type: 'datetime', precision: 3, nullable: true }) claimedUntil: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) deliveredAt: Date | null;
  /** HTTP status of the last attempt (null: no answer, e.g. a timeout). */
  @Column({ type: 'int', nullable: true }) lastStatus: number | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
}
