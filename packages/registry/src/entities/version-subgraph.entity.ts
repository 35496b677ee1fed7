import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A subgraph as one supergraph version holds it: the version's subgraph set is all rows with its number. */
@Entity('supergraph_version_subgraph')
export class VersionSubgraphEntity {
  @PrimaryColumn({ type: 'int' }) version: number;
  @PrimaryColumn({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 500 }) url: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) owner: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) tier: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) platform: string | null;
  /** The subgraph SDL (a JSON string; see SupergraphVersionEntity). */
  @Column({ type: 'json' }) sdl: string;
}
