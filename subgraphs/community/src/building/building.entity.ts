import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 楼栋: an apartment block in a complex or a village house. */
@Entity('building')
@Governed(DataClass.STRUCTURE, { grid: 'gridId', community: 'communityId' })
export class BuildingEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 255 }) address: string;
  @Index() @Column({ type: 'int' }) communityId: number;
  @Index() @Column({ type: 'int' }) gridId: number;
  /** RESIDENTIAL | VILLAGE_HOUSE | MIXED */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ type: 'int' }) floors: number;
}

/** 房屋: one dwelling. */
@Entity('house')
// A house records its grid; its community is its building's.
@Governed(DataClass.STRUCTURE, { grid: 'gridId', community: '(SELECT hb.communityId FROM building hb WHERE hb.id = {alias}.buildingId)' })
@Index(['buildingId', 'unit', 'number'], { unique: true })
export class HouseEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) buildingId: number;
  @Index() @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'varchar', length: 8 }) unit: string;
  @Column({ type: 'int' }) floor: number;
  @Column({ type: 'varchar', length: 16 }) number: string;
  @Column({ type: 'float' }) area: number;
  /** SELF_OCCUPIED | RENTED | VACANT | OTHER */
  @Column({ type: 'varchar', length: 16 }) use: string;
}
