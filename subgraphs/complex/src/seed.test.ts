import { startSubgraph, type RunningSubgraph } from '@gridhub/kit';
import { testDatabase, testDialects } from '@gridhub/kit/testing';
import { buildPlan } from '@gridhub/seed';
import { AccessRecordEntity } from './access-record/access-record.entity';
import { ComplexEntity } from './complex/complex.entity';
import { CredentialEntity } from './credential/credential.entity';
import { DeviceEntity } from './device/device.entity';
import { AccessDeviceKind } from './device/device.type';
import { FaceAlarmEntity } from './face-alarm/face-alarm.entity';
import { VideoSourceEntity } from './video-source/video-source.entity';
import { complex } from './index';
import { COMPLEX_REFERENCE_COUNTS, seedComplex } from './seed';

describe.each(testDialects())('complex seed (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let sg: RunningSubgraph;
  const plan = buildPlan({ scale: 1, seed: 1 });

  beforeAll(async () => {
    sg = await startSubgraph(complex, { database: db.config, identity: { publicKeys: { keys: [] } } });
  });
  afterAll(async () => {
    await sg?.stop();
    await db.cleanup(['complex']);
  });

  it('writes the reference devices and a day of door records, once', async () => {
    const started = Date.now();
    let last = 0;
    const first = await seedComplex(sg.db, plan, {}, (done, total) => {
      expect(done).toBeGreaterThanOrEqual(last);
      expect(done).toBeLessThanOrEqual(total);
      last = done;
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`complex seed (${dialect}): ${JSON.stringify(first.inserted)} in ${seconds.toFixed(1)} s`);
    const devices = sg.db.getRepository(DeviceEntity);
    const count = (kinds: string[]) => devices.createQueryBuilder('d').where('d.kind IN (:...kinds)', { kinds }).getCount();
    expect(await count([AccessDeviceKind.GATE, AccessDeviceKind.UNIT_DOOR, AccessDeviceKind.BARRIER])).toBe(COMPLEX_REFERENCE_COUNTS.accessDevices);
    expect(await count([AccessDeviceKind.CAMERA])).toBe(COMPLEX_REFERENCE_COUNTS.cameras);
    expect(await count([AccessDeviceKind.FACE_CAMERA])).toBe(COMPLEX_REFERENCE_COUNTS.faceCameras);
    // 2,400 video streams in all: the complexes' cameras and the streams outside them, every code unique.
    const outside = await sg.db.getRepository(VideoSourceEntity).find();
    expect(outside.length).toBe(COMPLEX_REFERENCE_COUNTS.videoSources);
    expect(COMPLEX_REFERENCE_COUNTS.cameras + outside.length).toBe(2_400);
    const cameraCodes = new Set((await devices.findBy({ kind: AccessDeviceKind.CAMERA })).map((d) => d.code));
    expect(outside.filter((v) => cameraCodes.has(v.code))).toEqual([]);
    const rural = new Set(plan.grids.filter((g) => g.kind === 'RURAL').map((g) => g.id));
    expect(outside.filter((v) => v.kind === 'FOREST' || v.kind === 'VILLAGE_ROAD').every((v) => rural.has(v.gridId))).toBe(true);
    expect(await sg.db.getRepository(AccessRecordEntity).count()).toBe(670 * 200);
    expect(first.inserted.access_record).toBe(670 * 200);
    expect(await sg.db.getRepository(ComplexEntity).countBy({ name: '海会苑' })).toBe(1);
    expect((await sg.db.getRepository(ComplexEntity).findBy({ demonstration: true })).map((c) => c.name)).toEqual(['海会苑']);
    const codes = await devices.find({ select: { code: true } });
    expect(codes.every((d) => /^\d{20}$/.test(d.code))).toBe(true);

    // Face is never a resident's only credential.
    const creds = await sg.db.getRepository(CredentialEntity).find();
    const kinds = new Map<number, Set<string>>();
    for (const c of creds) kinds.set(c.personId, new Set([...(kinds.get(c.personId) ?? []), c.kind]));
    expect([...kinds.values()].filter((k) => k.has('FACE') && k.size === 1)).toHaveLength(0);

    // Face alarms come from the face cameras of their complex; only the last two days' are undecided.
    const alarms = await sg.db.getRepository(FaceAlarmEntity).find();
    expect(alarms.length).toBe(first.inserted.face_alarm);
    expect(alarms.length).toBeGreaterThanOrEqual(16 * 6);
    const faceCameras = new Map((await devices.findBy({ kind: AccessDeviceKind.FACE_CAMERA })).map((d) => [d.id, d.complexId]));
    expect(alarms.every((a) => faceCameras.get(a.cameraId) === a.complexId)).toBe(true);
    expect(new Set(alarms.map((a) => a.status))).toEqual(new Set(['NEW', 'DISMISSED']));

    const again = await seedComplex(sg.db, plan);
    expect(again.skipped).toBe(true);
    expect(await sg.db.getRepository(AccessRecordEntity).count()).toBe(670 * 200);
  });
});
