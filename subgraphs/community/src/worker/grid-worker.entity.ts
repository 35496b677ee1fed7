import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 网格员: full-time in urban communities, part-time in villages. */
@Entity('grid_worker')
@Governed(DataClass.STRUCTURE, { community: 'communityId' })
export class GridWorkerEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 32 }) name: string;
  /** FULL_TIME | PART_TIME */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ type: 'varchar', length: 20 }) phone: string;
  @Index() @Column({ type: 'int' }) communityId: number;
}

/** Which grids a worker covers (a worker usually covers two or three). */
@Entity('grid_assignment')
@Governed(DataClass.STRUCTURE, { grid: 'gridId', community: '(SELECT ag.communityId FROM grid ag WHERE ag.id = {alias}.gridId)' })
@Index(['gridId', 'workerId'], { unique: true })
export class GridAssignmentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index() @Column({ type: 'int' }) workerId: number;
  @Column({ type: 'int' }) gridId: number;
}
