import { In } from 'typeorm';
import { byId, groupedBy } from '@gridhub/kit';
import { DeviceEntity } from './device.entity';
import { ACCESS_KINDS, CAMERA_KINDS } from './device.type';

export const deviceById = byId(DeviceEntity, 'deviceById');
export const accessDevicesByComplex = groupedBy(DeviceEntity, 'complexId', 'accessDevicesByComplex', { where: { kind: In([...ACCESS_KINDS]) } });
export const accessDevicesByBuilding = groupedBy(DeviceEntity, 'buildingId', 'accessDevicesByBuilding', { where: { kind: In([...ACCESS_KINDS]) } });
export const camerasByComplex = groupedBy(DeviceEntity, 'complexId', 'camerasByComplex', { where: { kind: In([...CAMERA_KINDS]) } });
