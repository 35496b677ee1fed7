import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { COMMUNITY_OF_COMPLEX } from '../complex/complex.entity';

/**
 * Every device of a complex: access control (gates, unit doors, barriers) and video (cameras, face cameras)
 * share one table, so a device code is unique across all of them and heartbeats work the same way.
 */
@Entity('device')
@Governed(DataClass.DEVICES, { complex: 'complexId', community: COMMUNITY_OF_COMPLEX }, { typeName: 'AccessDevice' })
@Index(['complexId', 'kind', 'id'])
@Index(['buildingId', 'kind'])
@Index(['kind', 'online', 'id'])
export class DeviceEntity {
  @PrimaryGeneratedColumn() id: number;
  /** 20-digit GB/T 28181-style code (centre 8, industry 2, type 3, network 1, serial 6). */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 20 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** GATE | UNIT_DOOR | BARRIER | CAMERA | FACE_CAMERA */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ type: 'int' }) complexId: number;
  /** The building a unit door or camera is on (owned by the community subgraph); null for complex gates. */
  @Column({ type: 'int', nullable: true }) buildingId: number | null;
  /**
   * The grid the device's doors belong to (community subgraph; a unit door: its building's grid), null when not
   * known: a grid worker sees the door records of the devices of her grids, no others.
   */
  @Column({ type: 'int', nullable: true }) gridId: number | null;
  @Column({ type: 'varchar', length: 128 }) location: string;
  /** IN | OUT | BOTH */
  @Column({ type: 'varchar', length: 8 }) direction: string;
  @Column({ type: 'boolean', default: false }) online: boolean;
  @Column({ type: 'datetime', precision: 3, nullable: true }) lastHeartbeatAt: Date | null;
}
