import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 网格. Grids change: the subdistrict merged 115 grids into 93. A retired grid keeps its row with
 * `validTo` set and `successorId` pointing at the grid that replaced it.
 */
@Entity('grid')
@Governed(DataClass.BOUNDARY, { grid: 'id', community: 'communityId' })
@Index(['communityId', 'validTo'])
@Index(['south', 'north'])
export class GridEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'int' }) communityId: number;
  /** URBAN (1,500–2,000 residents) | RURAL (a villager group, 村民小组) */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  /** The grid party branch (网格党支部) covering it, an Organization. */
  @Column({ type: 'int', nullable: true }) partyBranchId: number | null;
  @Column({ type: 'date' }) validFrom: string;
  @Column({ type: 'date', nullable: true }) validTo: string | null;
  @Index() @Column({ type: 'int', nullable: true }) successorId: number | null;
  /** Its area (GeoJSON Polygon outer ring, [lng, lat] pairs); null for a retired grid, whose area is its successors'. */
  @Column({ type: 'simple-json', nullable: true }) boundary: [number, number][] | null;
  /** The ring's bounding box: `gridAt` narrows to the grids whose box holds the point in SQL, then tests the ring. */
  @Column({ type: 'double', nullable: true }) west: number | null;
  @Column({ type: 'double', nullable: true }) south: number | null;
  @Column({ type: 'double', nullable: true }) east: number | null;
  @Column({ type: 'double', nullable: true }) north: number | null;
}
