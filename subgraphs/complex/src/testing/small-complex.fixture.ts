import { Role, type Identity, type RunningSubgraph } from '@gridhub/kit';
import { ComplexBuildingEntity, ComplexEntity } from '../complex/complex.entity';
import { DeviceEntity } from '../device/device.entity';
import { deviceCode } from '../device/device-code';
import { AccessDeviceKind } from '../device/device.type';

export const OPERATOR: Identity = { subject: 'operator-1', role: Role.CENTER_OPERATOR };

/** One complex in community 1 with `doors` unit doors (buildings 1..doors), one gate and one face camera. */
export async function seedSmallComplex(sg: RunningSubgraph, doors = 10) {
  const complex = await sg.db.getRepository(ComplexEntity).save({ code: 'HHY', name: '海会苑', communityId: 1, gridId: 1, address: '测试路 1 号', propertyCompany: null });
  await sg.db.getRepository(ComplexBuildingEntity).save(Array.from({ length: doors }, (_, i) => ({ buildingId: i + 1, complexId: complex.id })));
  const repo = sg.db.getRepository(DeviceEntity);
  const base = { complexId: complex.id, online: false, lastHeartbeatAt: null };
  const unitDoors = await repo.save(
    Array.from({ length: doors }, (_, i) => ({
      ...base,
      code: deviceCode({ centre: '50038100', kind: 'UNIT_DOOR', serial: i + 1 }),
      name: `${i + 1}栋单元门`,
      kind: AccessDeviceKind.UNIT_DOOR,
      buildingId: i + 1,
      location: `${i + 1}栋1单元`,
      direction: 'BOTH',
    })),
  );
  const gate = await repo.save({ ...base, code: deviceCode({ centre: '50038100', kind: 'GATE', serial: 1 }), name: '南门', kind: AccessDeviceKind.GATE, buildingId: null, location: '南门', direction: 'BOTH' });
  const camera = await repo.save({ ...base, code: deviceCode({ centre: '50038100', kind: 'CAMERA', serial: 1 }), name: '南门枪机', kind: AccessDeviceKind.CAMERA, buildingId: null, location: '南门', direction: 'BOTH' });
  const faceCamera = await repo.save({ ...base, code: deviceCode({ centre: '50038100', kind: 'FACE_CAMERA', serial: 1 }), name: '南门人脸', kind: AccessDeviceKind.FACE_CAMERA, buildingId: null, location: '南门', direction: 'IN' });
  return { complex, unitDoors, gate, camera, faceCamera };
}
