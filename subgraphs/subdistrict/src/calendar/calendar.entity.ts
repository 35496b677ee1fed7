import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A day that breaks the Monday–Friday rule (statutory holiday on a weekday, working weekend day). Reference data. */
@Entity('working_calendar')
@Governed(DataClass.REFERENCE)
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 }) day: string;
  /** HOLIDAY | WORKDAY */
  @Column({ type: 'varchar', length: 8 }) kind: string;
  @Column({ type: 'varchar', length: 32 }) name: string;
}
