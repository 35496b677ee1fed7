import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { COMMUNITY_OF_COMPLEX } from '../complex/complex.entity';

const asNumber = { to: (v: unknown) => v, from: (v: unknown) => (v == null ? v : Number(v)) };

/**
 * 门禁记录: one door event, 40–90 million a year at one subdistrict. Written only by batched ingestion
 * (`INSERT … IGNORE` in multi-row chunks), never updated; deleted by the retention purge.
 *
 * Indexes, each for one access path (B-trees are read backwards for DESC, so no DESC index is needed):
 * - unique (deviceId, deviceSeq): a record a device sends twice is stored once;
 * - (deviceId, deviceTime): a device's records in a time range, and the per-device retention purge;
 * - (personId, deviceTime, id): a person's newest records first, keyset-paginated by (deviceTime, id).
 */
@Entity('access_record')
// Door trails are audited by class (every read by row, count or filter). A grid worker's reach is the grid of the
// record's door (the device's grid), a manager's the complex, community staff the complex's community.
@Governed(DataClass.ACCESS_TRAIL, {
  complex: 'complexId',
  community: COMMUNITY_OF_COMPLEX,
  grid: '(SELECT gd.gridId FROM device gd WHERE gd.id = {alias}.deviceId)',
})
@Index('UQ_access_record_device_seq', ['deviceId', 'deviceSeq'], { unique: true })
@Index('IDX_access_record_device_time', ['deviceId', 'deviceTime'])
@Index('IDX_access_record_person_time', ['personId', 'deviceTime', 'id'])
export class AccessRecordEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id: number;
  @Column({ type: 'int' }) deviceId: number;
  /** Per-device sequence number: the idempotency key of a record together with deviceId. */
  @Column({ type: 'bigint', transformer: asNumber }) deviceSeq: number;
  /** Denormalised from the device so scoping a complex manager needs no join. */
  @Column({ type: 'int' }) complexId: number;
  /** When the door event happened, by the device's clock. */
  @Column({ type: 'datetime', precision: 3 }) deviceTime: Date;
  /** When the hub stored it (later than deviceTime by seconds, or days for a back-fill). */
  @Column({ type: 'datetime', precision: 3 }) receivedAt: Date;
  /** IN | OUT */
  @Column({ type: 'varchar', length: 3 }) direction: string;
  /** CARD | QR | PASSWORD | FACE | REMOTE */
  @Column({ type: 'varchar', length: 8 }) credential: string;
  /** GRANTED | DENIED | FORCED | HELD_OPEN */
  @Column({ type: 'varchar', length: 10 }) result: string;
  /** The person the credential belongs to (community subgraph), when the device knows it. */
  @Column({ type: 'int', nullable: true }) personId: number | null;
}
