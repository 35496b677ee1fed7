import DataLoader from 'dataloader';
import { byId, defineLoader } from '@gridhub/kit';
import { DeviceEntity } from './device.entity';
import { ACCESS_KINDS, CAMERA_KINDS } from './device.type';

export const deviceById = byId(DeviceEntity, 'deviceById');

/** Devices of the given kinds whose `column` equals each key, in id order, within the caller's scope: one statement per batch. */
export function devicesBy(column: 'complexId' | 'buildingId', kinds: readonly string[], name: string) {
  return defineLoader<number, DeviceEntity[]>(name, (data) =>
    new DataLoader(async (keys) => {
      const rows = await data
        .query(DeviceEntity, 'd')
        .andWhere(`d.${column} IN (:...keys)`, { keys: [...keys] })
        .andWhere('d.kind IN (:...kinds)', { kinds: [...kinds] })
        .orderBy('d.id', 'ASC')
        .getMany();
      const groups = new Map<number, DeviceEntity[]>();
      for (const row of rows) groups.set(Number(row[column]), [...(groups.get(Number(row[column])) ?? []), row]);
      return keys.map((k) => groups.get(Number(k)) ?? []);
    }, { maxBatchSize: 1000 }),
  );
}

export const accessDevicesByComplex = devicesBy('complexId', ACCESS_KINDS, 'accessDevicesByComplex');
export const accessDevicesByBuilding = devicesBy('buildingId', ACCESS_KINDS, 'accessDevicesByBuilding');
export const camerasByComplex = devicesBy('complexId', CAMERA_KINDS, 'camerasByComplex');
