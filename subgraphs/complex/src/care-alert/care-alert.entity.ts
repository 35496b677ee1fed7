import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A care alert raised for a resident living alone with no door activity. `window` names the silence: the device
 * time of the last record seen before it (or `none`), so every run during one silence finds the same key and
 * raises nothing new, and the next silence (after the person went out again) raises a new alert.
 */
@Entity('care_alert')
// Personal (a resident living alone, silent at home): no owner column, so only roles reaching every person read it; the job runs as the system.
@Governed(DataClass.PERSONAL, {})
@Index('UQ_care_alert_person_window', ['personId', 'window'], { unique: true })
export class CareAlertEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) personId: number;
  @Column({ type: 'varchar', length: 32 }) window: string;
  @Column({ type: 'datetime', precision: 3, nullable: true }) lastSeenAt: Date | null;
  @Column({ type: 'datetime', precision: 3 }) raisedAt: Date;
  @Column({ type: 'varchar', length: 96 }) externalRef: string;
}
