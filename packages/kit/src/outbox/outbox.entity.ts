import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Governed } from '../data/governed';
import { DataClass } from '../scope/policy';

/**
 * Messages to another service (a grid event for the subdistrict subgraph, …), written in the same transaction as
 * the change that raises them and delivered afterwards with `externalRef` as the receiver's idempotency key.
 * A subgraph lists this entity among its own and creates the table in its migrations. A message the receiver refuses
 * for good (CONFLICT, FORBIDDEN…) becomes a dead letter (`deadAt`): never sent again until an admin retries it.
 */
@Entity('event_outbox')
@Governed(DataClass.OUTBOX, {}, { typeName: 'OutboxMessage' })
@Index(['deliveredAt', 'id'])
@Index(['deadAt', 'id'])
export class OutboxEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 96 }) externalRef: string;
  /** The message, as JSON. */
  @Column({ type: 'text' }) payload: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** A deliverer holds the row until then (another one skips it); after a failure, the earliest next attempt. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) claimedUntil: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) deliveredAt: Date | null;
  /** What the receiver answered with (e.g. the grid event's id). */
  @Column({ type: 'varchar', length: 64, nullable: true }) eventId: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  /** When it became a dead letter: refused for good by the receiver, or out of attempts. Not sent while set. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) deadAt: Date | null;
  /** Why: the receiver's error code (CONFLICT, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND) or ATTEMPTS_EXHAUSTED. */
  @Column({ type: 'varchar', length: 32, nullable: true }) deadCode: string | null;
}
