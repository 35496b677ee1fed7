import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One of the smart platforms of the three tiers (11 in the reference subdistrict). */
@Entity('platform')
@Governed(DataClass.REFERENCE)
export class PlatformEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 128 }) name: string;
  /** SUBDISTRICT | COMMUNITY | COMPLEX */
  @Column({ type: 'varchar', length: 16 }) tier: string;
  /** Id of the subdistrict, community or residential complex it serves (per `tier`). */
  @Column({ type: 'int' }) scopeId: number;
  @Index() @Column({ type: 'int' }) subdistrictId: number;
  /** Comma-separated: ACCESS_CONTROL, PERSONS, EVENTS, VIDEO */
  @Column({ type: 'varchar', length: 128 }) capabilities: string;
  @Column({ type: 'varchar', length: 128 }) vendor: string;
  /** ONLINE | DEGRADED | OFFLINE | PLANNED */
  @Column({ type: 'varchar', length: 16 }) status: string;
}
