import { DataClass, Governed } from '@gridhub/kit';
import { RESTRICTED_SQL, RESTRICTED_TAGS, type PopulationTag } from './person-tag';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** 人口: a registered person. The ID number and phone are personal information, masked in the API. */
@Entity('person')
@Governed(DataClass.PERSONAL, { grid: 'gridId', community: 'communityId' })
@Index(['gridId', 'id'])
@Index(['communityId', 'id'])
@Index(['name'])
@Index(['birthDate'])
export class PersonEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 32 }) name: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 18 }) idNumber: string;
  /** MALE | FEMALE, from the ID number */
  @Column({ type: 'varchar', length: 8 }) sex: string;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  /** The grid the person is registered in (also when no house is recorded). */
  @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'int' }) communityId: number;
  /** LOCAL (户籍) | FLOATING (流动) */
  @Column({ type: 'varchar', length: 16 }) residency: string;
  @VersionColumn() version: number;
  @CreateDateColumn({ type: 'datetime' }) createdAt: Date;
  @UpdateDateColumn({ type: 'datetime' }) updatedAt: Date;
}

/** A person living in a house: owner, tenant or family member, with move-in and move-out dates. */
@Entity('residence')
@Governed(DataClass.PERSONAL, { grid: '(SELECT rp.gridId FROM person rp WHERE rp.id = {alias}.personId)', community: '(SELECT rp.communityId FROM person rp WHERE rp.id = {alias}.personId)' })
@Index(['personId', 'movedOutAt'])
@Index(['houseId', 'movedOutAt'])
export class ResidenceEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) personId: number;
  @Column({ type: 'int' }) houseId: number;
  /** OWNER | TENANT | FAMILY */
  @Column({ type: 'varchar', length: 8 }) relation: string;
  @Column({ type: 'date' }) movedInAt: string;
  @Column({ type: 'date', nullable: true }) movedOutAt: string | null;
}

/** A population tag (elderly living alone, disabled, …). Special-population tags are restricted. */
@Entity('person_tag')
// Special-population labels are a stricter class than the rest of a person's tags: both scopes must admit them, and
// every read of one (by field, count or filter) is audited against the person.
@Governed(DataClass.PERSONAL, { grid: '(SELECT tp.gridId FROM person tp WHERE tp.id = {alias}.personId)', community: '(SELECT tp.communityId FROM person tp WHERE tp.id = {alias}.personId)' }, {
  restricted: { data: DataClass.SPECIAL_POPULATION, when: `{alias}.tag IN (${RESTRICTED_SQL})` },
  audit: {
    as: DataClass.SPECIAL_POPULATION,
    when: (row) => RESTRICTED_TAGS.has(row.tag as PopulationTag),
    whenFilter: (params) => Object.values(params).some((v) => RESTRICTED_TAGS.has(v as PopulationTag)),
    target: { type: 'Person', id: (row) => row.personId as number, fields: ['tags'] },
  },
})
@Index('UQ_person_tag_person_tag', ['personId', 'tag'], { unique: true })
@Index('IDX_person_tag_tag_person', ['tag', 'personId'])
export class PersonTagEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) personId: number;
  @Column({ type: 'varchar', length: 32 }) tag: string;
  @Column({ type: 'boolean' }) restricted: boolean;
  @Column({ type: 'varchar', length: 255, nullable: true }) note: string | null;
  @CreateDateColumn({ type: 'datetime' }) createdAt: Date;
}

/** 走访: a care visit to a person by a grid worker or volunteer. */
@Entity('care_visit')
@Governed(DataClass.PERSONAL, { grid: '(SELECT vp.gridId FROM person vp WHERE vp.id = {alias}.personId)', community: '(SELECT vp.communityId FROM person vp WHERE vp.id = {alias}.personId)' })
@Index(['personId', 'visitedAt'])
export class CareVisitEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) personId: number;
  @Column({ type: 'int', nullable: true }) workerId: number | null;
  @Column({ type: 'varchar', length: 32 }) visitor: string;
  @Column({ type: 'datetime' }) visitedAt: Date;
  /** HOME_VISIT | PHONE | ESCORT | OTHER */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ type: 'varchar', length: 500 }) note: string;
}
