import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A tree-hazard clearing campaign (树障清理专项行动) of one agency: a period and a target. */
@Entity('hazard_campaign')
@Governed(DataClass.PARTNER_ASSETS, { agency: 'agency' })
export class HazardCampaignEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index() @Column({ type: 'varchar', length: 64 }) agency: string;
  @Column({ type: 'date' }) startsOn: string;
  @Column({ type: 'date' }) endsOn: string;
  @Column({ type: 'int' }) targetCount: number;
}
