import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A tree hazard (树障): a tree closer to a line than the required clearance, from report to cleared. Partners reach
 * their agency's, the community tier those in its grids / communities, a reporter its own reports.
 */
@Entity('tree_hazard')
@Governed(DataClass.PARTNER_REPORTS, { agency: 'agency', grid: 'gridId', community: 'communityId', owner: 'reporterSubject' })
@Index(['gridId', 'status'])
@Index(['lineId', 'status'])
@Index(['status', 'level'])
@Index(['agency', 'status'])
@Index(['campaignId', 'status'])
// A report's idempotency key belongs to its reporter: another reporter's identical key is a different report.
@Index(['reporterSubject', 'idempotencyKey'], { unique: true })
export class TreeHazardEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) lineId: number;
  @Column({ type: 'int' }) spanId: number;
  /** The line's agency, kept on the row so every query filters partners by it without a join. */
  @Column({ type: 'varchar', length: 64 }) agency: string;
  /** The grid by location (the span's), and its community. */
  @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'int' }) communityId: number;
  @Column({ type: 'varchar', length: 32 }) species: string;
  @Column({ type: 'double' }) measuredClearanceM: number;
  @Column({ type: 'double' }) requiredClearanceM: number;
  /** GENERAL | SERIOUS | CRITICAL, derived from the clearance deficit. */
  @Column({ type: 'varchar', length: 16 }) level: string;
  /** REPORTED | NEGOTIATING | CLEARING | CLEARED */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'varchar', length: 255 }) location: string;
  @Column({ type: 'double' }) latitude: number;
  @Column({ type: 'double' }) longitude: number;
  /** Photo references (object-store keys or URLs), as a JSON array; no images are stored here. */
  @Column({ type: 'simple-json' }) photos: string[];
  /** The reporting agency or person, as shown. */
  @Column({ type: 'varchar', length: 64 }) reportedBy: string;
  @Column({ type: 'varchar', length: 64 }) reporterSubject: string;
  /** The field app's key for this report: a retried report with the same key returns this hazard, not a second one. */
  @Column({ type: 'varchar', length: 128, nullable: true }) idempotencyKey: string | null;
  @Column({ type: 'int', nullable: true }) campaignId: number | null;
  @Column({ type: 'datetime', precision: 3 }) reportedAt: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) clearedAt: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) mediationRequestedAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) mediationReason: string | null;
  /** Mediation requests so far; the n-th raises the grid event `powergrid:hazard:<id>:mediation:<n>`. */
  @Column({ type: 'int', default: 0 }) mediationCount: number;
  /** The grid event of the latest delivered mediation request (subdistrict subgraph). */
  @Column({ type: 'varchar', length: 64, nullable: true }) mediationEventId: string | null;
  /** Optimistic lock: every change sends the version it read and increments it. */
  @Column({ type: 'int', default: 1 }) version: number;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}
