import { ScopedData } from '@gridhub/kit';
import { In, type DataSource } from 'typeorm';
import { DeviceEntity } from '../device/device.entity';
import { sqlTime } from '../sql-time';
import { AccessRecordEntity } from './access-record.entity';

/** Default retention of door records: 180 days (PIPL: no longer than needed; audits look back 6 months). */
export const DEFAULT_RETENTION_DAYS = 180;

export const retentionCutoff = (days = DEFAULT_RETENTION_DAYS, now = new Date()): Date => new Date(now.getTime() - days * 86_400_000);

/**
 * Deletes door records with a device time before `before`, device by device in chunks through the
 * (deviceId, deviceTime) index (the chunk's ids, then a delete by primary key), so no statement holds locks on
 * millions of rows and replicas keep up. Returns the number of records deleted. The `gridhub` CLI calls it with
 * `retentionCutoff(days)`; it runs as a job (`ScopedData.system`), through the kit's data access like every read.
 *
 * MySQL monthly partitions (drop a month in O(1)) are not used yet: MySQL requires every unique key of a
 * partitioned table to contain the partitioning column, so `RANGE (deviceTime)` partitions would turn the
 * idempotency key (deviceId, deviceSeq) into (deviceId, deviceSeq, deviceTime) and the primary key into
 * (id, deviceTime). That is sound for exact resends (they carry the same device time), and is the
 * planned change once a single database holds a district's records; until then this chunked purge works
 * on both dialects.
 */
export async function purgeAccessRecords(db: DataSource, before: Date, options: { chunkSize?: number } = {}): Promise<number> {
  const chunk = options.chunkSize ?? 5000;
  const data = ScopedData.system(db, 'access-record-retention');
  const devices: { id: number | string }[] = await data.query(DeviceEntity, 'd').select('d.id', 'id').orderBy('d.id', 'ASC').getRawMany();
  let deleted = 0;
  for (const { id } of devices) {
    for (;;) {
      const rows: { id: number | string }[] = await data
        .query(AccessRecordEntity, 'r')
        .select('r.id', 'id')
        .andWhere('r.deviceId = :device AND r.deviceTime < :before', { device: Number(id), before: sqlTime(before) })
        .limit(chunk)
        .getRawMany();
      if (!rows.length) break;
      const result = await data.writer.delete(AccessRecordEntity, { id: In(rows.map((r) => Number(r.id))) });
      deleted += result.affected ?? rows.length;
      if (rows.length < chunk) break;
    }
  }
  return deleted;
}
