import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SchemaChange, VersionAction } from '../types';

/**
 * One published supergraph. Versions are never updated or deleted: a rollback inserts a copy. The number is the
 * primary key, so two publishers racing for the same number cannot both win.
 * Large texts are `json` columns: one type that is unbounded on both dialects (SQLite text; MySQL JSON, MariaDB
 * LONGTEXT), where `text` would cap a supergraph at 64 KB on MySQL.
 */
@Entity('supergraph_version')
export class SupergraphVersionEntity {
  @PrimaryColumn({ type: 'int' }) version: number;
  @Column({ type: 'varchar', length: 16 }) action: VersionAction;
  @Column({ type: 'varchar', length: 200 }) actor: string;
  @Column({ type: 'varchar', length: 1000 }) summary: string;
  @Column({ type: 'datetime' }) createdAt: Date;
  @Column({ type: 'int', nullable: true }) rolledBackFrom: number | null;
  /** The composed supergraph SDL (a JSON string). */
  @Column({ type: 'json' }) supergraphSdl: string;
  @Column({ type: 'json' }) changes: SchemaChange[];
}
