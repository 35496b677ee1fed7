import { DataClass, Governed } from '@gridhub/kit';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A video stream outside the residential complexes (雪亮工程 points): village roads, forest fire watch (森林防火),
 * railway protection (铁路护路), the Yangtze bank under the fishing ban (长江禁渔). Placed on a grid of a community;
 * the hub keeps the stream's reference on the video platform, never video.
 */
@Entity('video_source')
@Governed(DataClass.DEVICES, { community: 'communityId', grid: 'gridId' })
@Index(['kind', 'id'])
@Index(['gridId', 'kind'])
export class VideoSourceEntity {
  @PrimaryGeneratedColumn() id: number;
  /** 20-digit GB/T 28181 code (camera type 131), unique among the video platform's channels. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 20 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** VILLAGE_ROAD | FOREST | RAILWAY | RIVER_BANK */
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Index() @Column({ type: 'int' }) communityId: number;
  @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'varchar', length: 128 }) location: string;
  /** Where the stream is played from on the video platform (a GB/T 28181 channel), e.g. `gb28181:<code>`. */
  @Column({ type: 'varchar', length: 255 }) streamRef: string;
  @Column({ type: 'boolean', default: true }) online: boolean;
}
