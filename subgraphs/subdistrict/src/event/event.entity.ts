import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 网格事件. `status` and `version` change only through `transitionEvent` (a conditional UPDATE on the version);
 * deadlines are fixed from the policy table when a stage starts, so `overdue` and supervision filter in SQL.
 */
@Entity('grid_event')
@Governed(DataClass.EVENTS, { grid: 'gridId', community: 'communityId', owner: 'reporterSubject' })
@Index(['reportedAt', 'id'])
@Index(['gridId', 'id'])
@Index(['communityId', 'reportedAt'])
@Index(['status', 'dueAt'])
@Index(['supervisingDepartmentId', 'status'])
@Index(['supervisedAt', 'redAt'])
@Index('UQ_grid_event_reporter_ref', ['reporterSubject', 'externalRef'], { unique: true })
export class GridEventEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'varchar', length: 2000 }) description: string;
  /** Category as reported (a first- or second-level code of `event_category`). */
  @Column({ type: 'varchar', length: 40 }) categoryCode: string;
  /** Its first-level code: what deadlines, statistics and the category filter use. */
  @Index() @Column({ type: 'varchar', length: 40 }) categoryRoot: string;
  /** MINOR | NORMAL | URGENT | EMERGENCY */
  @Column({ type: 'varchar', length: 16 }) priority: string;
  /** PATROL | CITIZEN | DEVICE | PARTNER */
  @Column({ type: 'varchar', length: 16 }) source: string;
  /** WECHAT_GROUP | HOTLINE | VISIT for CITIZEN reports */
  @Column({ type: 'varchar', length: 16, nullable: true }) channel: string | null;
  /** Grid and community live in the community subgraph; the community is recorded at report time for filters and stats. */
  @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'int' }) communityId: number;
  @Column({ type: 'varchar', length: 255 }) location: string;
  /** Who raised it (a citizen, a worker, a device, an agency), as reported. */
  @Column({ type: 'varchar', length: 64 }) reporterName: string;
  /** The verified identity that recorded the report. */
  @Index() @Column({ type: 'varchar', length: 128 }) reporterSubject: string;
  @Column({ type: 'varchar', length: 24 }) reporterRole: string;
  /** Idempotency key of a partner or device report, unique per reporter (`reporterSubject`). */
  @Column({ type: 'varchar', length: 128, nullable: true }) externalRef: string | null;
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'int', nullable: true }) assignedDepartmentId: number | null;
  @Column({ type: 'int', nullable: true }) assignedWorkerId: number | null;
  @Column({ type: 'datetime' }) reportedAt: Date;
  @Column({ type: 'datetime', nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'datetime', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'datetime', nullable: true }) verifiedAt: Date | null;
  @Column({ type: 'datetime', nullable: true }) closedAt: Date | null;
  /** Acceptance and handling deadlines, from the report time; verification from the resolution. */
  @Column({ type: 'datetime' }) acceptDueAt: Date;
  @Column({ type: 'datetime' }) handleDueAt: Date;
  @Column({ type: 'datetime', nullable: true }) verifyDueAt: Date | null;
  /** The deadline of the current stage (null when none runs) and when supervision turns RED. */
  @Column({ type: 'datetime', nullable: true }) dueAt: Date | null;
  @Column({ type: 'datetime', nullable: true }) redAt: Date | null;
  /** RED supervision (督办): when the supervision job put it into the supervising department's queue, and that department. */
  @Column({ type: 'datetime', nullable: true }) supervisedAt: Date | null;
  @Column({ type: 'int', nullable: true }) supervisingDepartmentId: number | null;
  @Column({ type: 'datetime' }) updatedAt: Date;
}

/** Its event's scope columns, for a history row aliased `{alias}`. */
const ofEvent = (column: string) => `(SELECT ev.${column} FROM grid_event ev WHERE ev.id = {alias}.eventId)`;

/** One transition of one event: written in the same transaction as the change, never updated. Scoped as its event. */
@Entity('grid_event_history')
@Governed(DataClass.EVENTS, { grid: ofEvent('gridId'), community: ofEvent('communityId'), owner: ofEvent('reporterSubject') }, { typeName: 'EventHistoryEntry' })
@Index(['eventId', 'id'])
export class EventHistoryEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) eventId: number;
  /** REPORT or an EventAction */
  @Column({ type: 'varchar', length: 24 }) action: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) fromStatus: string | null;
  @Column({ type: 'varchar', length: 16 }) toStatus: string;
  @Column({ type: 'varchar', length: 128 }) actorSubject: string;
  @Column({ type: 'varchar', length: 24 }) actorRole: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) actorName: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  @Column({ type: 'int', nullable: true }) assignedDepartmentId: number | null;
  @Column({ type: 'int', nullable: true }) assignedWorkerId: number | null;
  @Column({ type: 'datetime' }) at: Date;
}
