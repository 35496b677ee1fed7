import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 街道, with its comprehensive-governance center (综治中心). */
@Entity('subdistrict')
@Governed(DataClass.REFERENCE)
export class SubdistrictEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** The comprehensive-governance center's name. */
  @Column({ type: 'varchar', length: 128 }) center: string;
  @Column({ type: 'varchar', length: 255 }) address: string;
}
