import { Role, ScopedData, type Identity, type RunningSubgraph } from '@gridhub/kit';
import { TEST_ADMIN } from '@gridhub/kit/testing';
import { ComplexBuildingEntity, ComplexEntity } from '../complex/complex.entity';
import { CredentialEntity } from '../credential/credential.entity';
import { CredentialKind } from '../credential/credential.type';
import { DeviceEntity } from '../device/device.entity';
import { deviceCode } from '../device/device-code';
import { AccessDeviceKind } from '../device/device.type';

export const ADMIN: Identity = TEST_ADMIN;
export const OPERATOR: Identity = { subject: 'operator-1', role: Role.CENTER_OPERATOR };

/** Data access of a job (every row), for fixtures that ingest or read as the system would. */
export const systemData = (sg: RunningSubgraph) => ScopedData.system(sg.db, 'test');

/** An active CARD credential in `complexId` for each person (ingestion stores records only of credential holders). */
export async function seedCredentials(sg: RunningSubgraph, complexId: number, personIds: number[]) {
  const rows = personIds.map((personId) => ({ personId, kind: CredentialKind.CARD, reference: `CARD-${complexId}-${personId}`, complexId, revokedAt: null }));
  for (let i = 0; i < rows.length; i += 200) await sg.db.getRepository(CredentialEntity).insert(rows.slice(i, i + 200));
}

/**
 * One complex in community 1 (grid 1) with `doors` unit doors (buildings 1..doors; odd buildings in grid 1, even ones
 * in grid 2), one gate, one camera and one face camera (grid 1). Another complex (`at.code`) gets its own buildings
 * and grids (complex id × 100 + n, complex id × 10 + n).
 */
export async function seedSmallComplex(sg: RunningSubgraph, doors = 10, at: { code?: string; communityId?: number } = {}) {
  const code = at.code ?? 'HHY';
  const complex = await sg.db.getRepository(ComplexEntity).save({ code, name: code === 'HHY' ? '海会苑' : `${code}苑`, communityId: at.communityId ?? 1, gridId: 1, address: '测试路 1 号', propertyCompany: null });
  const b0 = code === 'HHY' ? 0 : complex.id * 100; // another complex's buildings: complex id × 100 + 1…
  await sg.db.getRepository(ComplexBuildingEntity).save(Array.from({ length: doors }, (_, i) => ({ buildingId: b0 + i + 1, complexId: complex.id })));
  const repo = sg.db.getRepository(DeviceEntity);
  const g0 = code === 'HHY' ? 0 : complex.id * 10; // another complex's grids: complex id × 10 + 1, + 2
  const base = { complexId: complex.id, online: false, lastHeartbeatAt: null, gridId: g0 + 1 };
  const centre = code === 'HHY' ? '50038100' : `5003${String(complex.id).padStart(4, '0')}`;
  const unitDoors = await repo.save(
    Array.from({ length: doors }, (_, i) => ({
      ...base,
      code: deviceCode({ centre, kind: 'UNIT_DOOR', serial: i + 1 }),
      gridId: g0 + (i % 2 === 0 ? 1 : 2),
      name: `${i + 1}栋单元门`,
      kind: AccessDeviceKind.UNIT_DOOR,
      buildingId: b0 + i + 1,
      location: `${i + 1}栋1单元`,
      direction: 'BOTH',
    })),
  );
  const gate = await repo.save({ ...base, code: deviceCode({ centre, kind: 'GATE', serial: 1 }), name: '南门', kind: AccessDeviceKind.GATE, buildingId: null, location: '南门', direction: 'BOTH' });
  const camera = await repo.save({ ...base, code: deviceCode({ centre, kind: 'CAMERA', serial: 1 }), name: '南门枪机', kind: AccessDeviceKind.CAMERA, buildingId: null, location: '南门', direction: 'BOTH' });
  const faceCamera = await repo.save({ ...base, code: deviceCode({ centre, kind: 'FACE_CAMERA', serial: 1 }), name: '南门人脸', kind: AccessDeviceKind.FACE_CAMERA, buildingId: null, location: '南门', direction: 'IN' });
  return { complex, unitDoors, gate, camera, faceCamera };
}
