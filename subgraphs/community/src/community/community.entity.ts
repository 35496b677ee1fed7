import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 社区 (urban community) or 村 (village), each with its governance station (治理工作站). */
@Entity('community')
@Governed(DataClass.BOUNDARY, { community: 'id' })
export class CommunityEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** COMMUNITY | VILLAGE */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  /** The subdistrict (街道) it belongs to; owned by the subdistrict subgraph. */
  @Index() @Column({ type: 'int' }) subdistrictId: number;
  @Column({ type: 'varchar', length: 128 }) station: string;
  @Column({ type: 'varchar', length: 255 }) address: string;
}
