import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { defineLoader } from '@gridhub/kit';
import { DeviceEntity } from '../device/device.entity';
import { CAMERA_KINDS } from '../device/device.type';

/** Cameras by id (null for ids of non-camera devices): one statement per batch. */
export const cameraById = defineLoader<number, DeviceEntity | null>('cameraById', (db) =>
  new DataLoader(async (ids) => {
    const rows = await db.getRepository(DeviceEntity).findBy({ id: In([...ids].map(Number)), kind: In([...CAMERA_KINDS]) });
    const byKey = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byKey.get(Number(id)) ?? null);
  }, { maxBatchSize: 1000 }),
);
