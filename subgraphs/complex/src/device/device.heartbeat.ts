import { ScopedData } from '@gridhub/kit';
import { IsNull, LessThan, Or, type DataSource } from 'typeorm';
import { sqlTime } from '../sql-time';
import { DeviceEntity } from './device.entity';

/** Marks devices offline whose last heartbeat (a batch of records, or a keep-alive) is older than `staleMinutes` (a job). */
export async function markOfflineDevices(db: DataSource, staleMinutes = 15, now = new Date()): Promise<number> {
  const { writer } = ScopedData.system(db, 'device-heartbeat');
  const cutoff = sqlTime(new Date(now.getTime() - staleMinutes * 60_000)) as never;
  const result = await writer.update(DeviceEntity, { online: true, lastHeartbeatAt: Or(IsNull(), LessThan(cutoff)) }, { online: false });
  return result.affected ?? 0;
}
