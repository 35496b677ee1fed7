import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A 10 kV distribution line of a power company (the partner agency that owns its data). */
@Entity('power_line')
@Governed(DataClass.PARTNER_ASSETS, { agency: 'agency' })
export class PowerLineEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'int', default: 10 }) voltageKv: number;
  /** The partner agency that operates the line; partner users see only their agency's lines and hazards. */
  @Index() @Column({ type: 'varchar', length: 64 }) agency: string;
  @Column({ type: 'int' }) lengthM: number;
  @Column({ type: 'int' }) towerCount: number;
}

/** A span between two consecutive towers of a line, with where it runs and the grid it crosses; its agency is its line's. */
@Entity('power_span')
@Governed(DataClass.PARTNER_ASSETS, { agency: '(SELECT sl.agency FROM power_line sl WHERE sl.id = {alias}.lineId)' })
@Index(['lineId', 'fromTower'], { unique: true })
export class PowerSpanEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) lineId: number;
  @Column({ type: 'int' }) fromTower: number;
  @Column({ type: 'int' }) toTower: number;
  @Column({ type: 'varchar', length: 255 }) location: string;
  @Column({ type: 'double' }) latitude: number;
  @Column({ type: 'double' }) longitude: number;
  /** The grid (community tier) whose territory the span crosses, as surveyed: a hazard on it belongs to that grid. */
  @Index() @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'int' }) communityId: number;
}
