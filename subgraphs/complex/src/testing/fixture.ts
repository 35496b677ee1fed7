import {
  createIdentityKeys, identityHeaders, Role, startSubgraph, type DatabaseConfig, type Identity, type IdentityKeys, type RunningSubgraph,
} from '@gridhub/kit';
import { ComplexBuildingEntity, ComplexEntity } from '../complex/complex.entity';
import { DeviceEntity } from '../device/device.entity';
import { deviceCode } from '../device/device-code';
import { AccessDeviceKind } from '../device/device.type';
import { createComplexSubgraph } from '../index';
import type { ComplexOptions } from '../runtime';

export const ADMIN: Identity = { subject: 'admin-1', role: Role.SUBDISTRICT_ADMIN };
export const OPERATOR: Identity = { subject: 'operator-1', role: Role.CENTER_OPERATOR };

export interface ComplexFixture {
  sg: RunningSubgraph;
  keys: IdentityKeys;
  headers(identity?: Identity): Promise<Record<string, string>>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  stop(): Promise<void>;
}

/** A complex subgraph on a test database, with gateway keys to sign identities for it. */
export async function startComplexFixture(database: DatabaseConfig, options: Omit<ComplexOptions, 'identity'> = {}): Promise<ComplexFixture> {
  const keys = await createIdentityKeys();
  const identity = { publicKeys: keys.publicJwks };
  const sg = await startSubgraph(createComplexSubgraph({ ...options, identity }), { database, identity });
  const headers = (who: Identity = ADMIN) => identityHeaders(keys, who, 'complex');
  return {
    sg,
    keys,
    headers,
    async gql(query, variables, who) {
      const res = await fetch(sg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headers(who)) },
        body: JSON.stringify({ query, variables }),
      });
      return res.json() as never;
    },
    stop: () => sg.stop(),
  };
}

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
