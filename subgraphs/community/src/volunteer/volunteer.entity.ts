import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 志愿者: party members, cadres, building heads (楼栋长) and property staff who help the grid worker. Read like grid
 * workers (STRUCTURE): the centre and the community tier see who helps where; partners and complexes do not.
 */
@Entity('volunteer')
@Governed(DataClass.STRUCTURE, { grid: 'gridId', community: 'communityId' })
@Index(['gridId', 'role'])
export class VolunteerEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 32 }) name: string;
  /** PARTY_MEMBER | CADRE | BUILDING_HEAD | PROPERTY_STAFF */
  @Column({ type: 'varchar', length: 16 }) role: string;
  @Index() @Column({ type: 'int' }) communityId: number;
  @Column({ type: 'int' }) gridId: number;
  /** The building a building head looks after. */
  @Index() @Column({ type: 'int', nullable: true }) buildingId: number | null;
}

/** 网格微信群: how residents reach their grid worker and how notices reach residents. */
@Entity('wechat_group')
@Governed(DataClass.STRUCTURE, { grid: 'gridId', community: 'communityId' })
export class WechatGroupEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index() @Column({ type: 'int' }) communityId: number;
  @Index() @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'int' }) memberCount: number;
}
