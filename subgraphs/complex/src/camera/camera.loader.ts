import DataLoader from 'dataloader';
import { defineLoader } from '@gridhub/kit';
import { DeviceEntity } from '../device/device.entity';
import { CAMERA_KINDS } from '../device/device.type';

/** Cameras by id within the caller's scope (null for ids of non-camera devices, and out of scope): one statement per batch. */
export const cameraById = defineLoader<number, DeviceEntity | null>('cameraById', (data) =>
  new DataLoader(async (ids) => {
    const rows = await data
      .query(DeviceEntity, 'd')
      .andWhere('d.id IN (:...ids)', { ids: [...ids].map(Number) })
      .andWhere('d.kind IN (:...kinds)', { kinds: [...CAMERA_KINDS] })
      .getMany();
    const byKey = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byKey.get(Number(id)) ?? null);
  }, { maxBatchSize: 1000 }),
);
