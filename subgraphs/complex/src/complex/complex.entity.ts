import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A complex's community, for tables that record only the complex (`{alias}` is the queried table). */
export const COMMUNITY_OF_COMPLEX = '(SELECT sc.communityId FROM residential_complex sc WHERE sc.id = {alias}.complexId)';

/** 小区: a residential complex in a community, run by a property-management company. */
@Entity('residential_complex')
@Governed(DataClass.DEVICES, { complex: 'id', community: 'communityId' }, { typeName: 'ResidentialComplex' })
export class ComplexEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** Owned by the community subgraph; referenced by id only. */
  @Index() @Column({ type: 'int' }) communityId: number;
  /** The grid responsible for the complex's common areas (community subgraph): events from its devices go there. */
  @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'varchar', length: 255 }) address: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) propertyCompany: string | null;
  /** The subdistrict's demonstration site for smart access control (示范小区: 海会苑 in the reference seed). */
  @Column({ type: 'boolean', default: false }) demonstration: boolean;
}

/** A building (owned by the community subgraph) that belongs to a complex: at most one complex per building. */
@Entity('complex_building')
@Governed(DataClass.DEVICES, { complex: 'complexId', community: COMMUNITY_OF_COMPLEX })
@Index(['complexId', 'buildingId'])
export class ComplexBuildingEntity {
  @PrimaryColumn({ type: 'int' }) buildingId: number;
  @Column({ type: 'int' }) complexId: number;
}
