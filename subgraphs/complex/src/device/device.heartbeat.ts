import type { DataSource } from 'typeorm';
import { sqlTime } from '../sql-time';
import { DeviceEntity } from './device.entity';

/** Marks devices offline whose last heartbeat (a batch of records, or a keep-alive) is older than `staleMinutes`. */
export async function markOfflineDevices(db: DataSource, staleMinutes = 15, now = new Date()): Promise<number> {
  const result = await db
    .createQueryBuilder()
    .update(DeviceEntity)
    .set({ online: false })
    .where('online = :on AND (lastHeartbeatAt IS NULL OR lastHeartbeatAt < :cutoff)', { on: true, cutoff: sqlTime(new Date(now.getTime() - staleMinutes * 60_000)) })
    .execute();
  return result.affected ?? 0;
}
