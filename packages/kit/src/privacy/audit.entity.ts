import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Governed } from '../data/governed';
import { DataClass } from '../scope/policy';

/**
 * One row of the append-only audit log: who (verified identity), in which role, did what to which records,
 * why, when, under which request id. Nothing in the kit updates or deletes a row; only `purgeAuditLog`
 * removes rows older than the retention period.
 */
@Entity('audit_log')
@Governed(DataClass.AUDIT, {}, { typeName: 'AuditEntry' })
@Index(['at'])
@Index(['actorSubject', 'at'])
@Index(['action', 'at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
  @Column({ type: 'varchar', length: 128 }) actorSubject: string;
  @Column({ type: 'varchar', length: 32 }) actorRole: string;
  /** An `AuditAction`. */
  @Column({ type: 'varchar', length: 32 }) action: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) purpose: string | null;
  /** GraphQL type of the records concerned (`Person`). */
  @Column({ type: 'varchar', length: 32 }) targetType: string;
  /** Ids of the records concerned, comma-separated. */
  @Column({ type: 'text' }) targetIds: string;
  /** Fields revealed or read, comma-separated. */
  @Column({ type: 'varchar', length: 255, nullable: true }) fields: string | null;
  @Column({ type: 'varchar', length: 100 }) requestId: string;
}
