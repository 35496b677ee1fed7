import { DataClass, Governed } from '@gridhub/kit';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { COMMUNITY_OF_COMPLEX } from '../complex/complex.entity';

/**
 * A face-camera match against a watch list. No face image is stored: the camera, the time, the similarity and
 * a reference to the (restricted) watch entry. NEW → CONFIRMED (raises one grid event) or NEW → DISMISSED.
 */
@Entity('face_alarm')
@Governed(DataClass.FACE_ALARMS, { complex: 'complexId', community: COMMUNITY_OF_COMPLEX })
@Index(['status', 'occurredAt'])
@Index(['cameraId', 'occurredAt'])
@Index(['complexId', 'occurredAt'])
export class FaceAlarmEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) cameraId: number;
  @Column({ type: 'int' }) complexId: number;
  @Column({ type: 'datetime', precision: 3 }) occurredAt: Date;
  /** 0..1 */
  @Column({ type: 'float' }) similarity: number;
  /** Reference to the watch-list entry held by the public-security platform (restricted). */
  @Column({ type: 'varchar', length: 64 }) watchEntryRef: string;
  /** NEW | CONFIRMED | DISMISSED */
  @Column({ type: 'varchar', length: 12 }) status: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) decidedBy: string | null;
  @Column({ type: 'datetime', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'datetime' }) createdAt: Date;
}
