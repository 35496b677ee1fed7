import type { DataSource } from 'typeorm';
import { DeviceEntity } from '../device/device.entity';
import { sqlTime } from '../sql-time';
import { AccessRecordEntity } from './access-record.entity';

/** Default retention of door records: 180 days (PIPL: no longer than needed; audits look back 6 months). */
export const DEFAULT_RETENTION_DAYS = 180;

export const retentionCutoff = (days = DEFAULT_RETENTION_DAYS, now = new Date()): Date => new Date(now.getTime() - days * 86_400_000);

/**
 * Deletes door records with a device time before `before`, device by device in chunks through the
 * (deviceId, deviceTime) index, so no statement holds locks on millions of rows and replicas keep up.
 * Returns the number of records deleted. The `gridhub` CLI calls it with `retentionCutoff(days)`.
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
  const q = (s: string) => db.driver.escape(s);
  const table = q(db.getMetadata(AccessRecordEntity).tableName);
  const mysql = db.options.type === 'mysql' || db.options.type === 'mariadb';
  const where = `${q('deviceId')} = ? AND ${q('deviceTime')} < ?`;
  const sql = mysql
    ? `DELETE FROM ${table} WHERE ${where} LIMIT ${chunk}`
    : `DELETE FROM ${table} WHERE ${q('id')} IN (SELECT ${q('id')} FROM ${table} WHERE ${where} LIMIT ${chunk})`;
  const devices = await db.getRepository(DeviceEntity).find({ select: { id: true }, order: { id: 'ASC' } });
  const runner = db.createQueryRunner();
  let deleted = 0;
  try {
    for (const { id } of devices) {
      for (;;) {
        const result = await runner.query(sql, [id, sqlTime(before)], true);
        deleted += result.affected ?? 0;
        if ((result.affected ?? 0) < chunk) break;
      }
    }
  } finally {
    await runner.release();
  }
  return deleted;
}
