import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A grid-event category: first level (parentCode null) or second level. Reference data, inserted by a migration. */
@Entity('event_category')
@Governed(DataClass.REFERENCE)
export class EventCategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) code: string;
  @Index() @Column({ type: 'varchar', length: 40, nullable: true }) parentCode: string | null;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 32 }) nameZh: string;
  @Column({ type: 'int' }) position: number;
}

/** Time limits per first-level category and priority (处置时限). Reference data, inserted by a migration. */
@Entity('deadline_policy')
@Governed(DataClass.REFERENCE)
@Index(['categoryCode', 'priority'], { unique: true })
export class DeadlinePolicyEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 40 }) categoryCode: string;
  @Column({ type: 'varchar', length: 16 }) priority: string;
  @Column({ type: 'int' }) acceptAmount: number;
  /** HOURS | WORKING_DAYS */
  @Column({ type: 'varchar', length: 16 }) acceptUnit: string;
  @Column({ type: 'int' }) handleAmount: number;
  @Column({ type: 'varchar', length: 16 }) handleUnit: string;
  @Column({ type: 'int' }) verifyAmount: number;
  @Column({ type: 'varchar', length: 16 }) verifyUnit: string;
}
