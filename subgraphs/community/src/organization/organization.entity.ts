import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Party branches, property companies, owners' committees, volunteer teams, social organisations. */
@Entity('organization')
@Governed(DataClass.STRUCTURE, { community: 'communityId' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 128 }) name: string;
  /** PARTY_BRANCH | PROPERTY_COMPANY | OWNERS_COMMITTEE | VOLUNTEER_TEAM | SOCIAL_ORGANIZATION */
  @Column({ type: 'varchar', length: 24 }) kind: string;
  @Index() @Column({ type: 'int' }) communityId: number;
  @Column({ type: 'varchar', length: 32, nullable: true }) contactName: string | null;
}
