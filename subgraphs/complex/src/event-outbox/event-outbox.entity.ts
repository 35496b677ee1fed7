import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Grid events to report to the subdistrict subgraph, written in the same transaction as the change that raises
 * them (a confirmed face alarm, a care alert) and delivered afterwards with `externalRef` as idempotency key.
 */
@Entity('event_outbox')
@Index(['deliveredAt', 'id'])
export class EventOutboxEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 96 }) externalRef: string;
  /** The `reportEvent` input, as JSON. */
  @Column({ type: 'text' }) payload: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** A deliverer holds the row until then; another one skips it. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) claimedUntil: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) deliveredAt: Date | null;
  /** The grid event's id in the subdistrict subgraph. */
  @Column({ type: 'varchar', length: 64, nullable: true }) eventId: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
}
