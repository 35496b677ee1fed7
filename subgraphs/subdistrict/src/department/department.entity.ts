import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A department events can be assigned to: the center's own offices and the functional departments it dispatches to. */
@Entity('department')
@Governed(DataClass.REFERENCE)
export class DepartmentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** CENTER | OFFICE | STATION | AGENCY */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Index() @Column({ type: 'int' }) subdistrictId: number;
}
