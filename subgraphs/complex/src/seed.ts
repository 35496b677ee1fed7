import { conflict } from '@gridhub/kit';
import { chunkSize, DEMO_COMPLEX, DISTRICT, insertTables, PLAN_DATE, Random, type CommunityPlan, type SeedProgress, type SeedResult } from '@gridhub/seed';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AccessRecordEntity } from './access-record/access-record.entity';
import { ComplexBuildingEntity, ComplexEntity } from './complex/complex.entity';
import { CredentialEntity } from './credential/credential.entity';
import { CredentialKind } from './credential/credential.type';
import { deviceCode } from './device/device-code';
import { DeviceEntity } from './device/device.entity';
import { AccessDeviceKind } from './device/device.type';
import { FaceAlarmEntity } from './face-alarm/face-alarm.entity';
import { VideoSourceEntity } from './video-source/video-source.entity';

export interface ComplexSeedOptions {
  /** Days of door records, ending with the plan's last day (`until`). Default 1. */
  days?: number;
  /** Door records per access device per day (150–300 is realistic). Default 200: ≈134,000 a day at scale 1. */
  recordsPerDevicePerDay?: number;
  /** End of the last day of records (exclusive). Default: the end of PLAN_DATE, so the seed never reads the clock. */
  until?: Date;
}

/**
 * Devices per subdistrict block (DESIGN.md reference scale): 2,400 video streams, 1,600 of them cameras in the
 * complexes and 800 outside them (village roads, forest, railway, river bank).
 */
export const COMPLEX_REFERENCE_COUNTS = { accessDevices: 670, cameras: 1_600, videoSources: 800, faceCameras: 16 } as const;

/** The streams outside the complexes by what they watch. */
const VIDEO_SOURCE_KINDS = { VILLAGE_ROAD: 380, FOREST: 160, RAILWAY: 90, RIVER_BANK: 170 } as const;
const VIDEO_SOURCE_PLACES = { VILLAGE_ROAD: '村道路口', FOREST: '林区瞭望点', RAILWAY: '铁路护路点', RIVER_BANK: '长江岸线禁渔点' } as const;

const DAY = 86_400_000;

/** Door traffic by hour of day (weights): morning and evening peaks, quiet nights. */
const HOURLY: readonly (readonly [number, number])[] = [
  [0, 1], [1, 0.5], [2, 0.3], [3, 0.3], [4, 0.5], [5, 1.5], [6, 4], [7, 9], [8, 8], [9, 5], [10, 4], [11, 5],
  [12, 6], [13, 4], [14, 3.5], [15, 3.5], [16, 4.5], [17, 8], [18, 9], [19, 7], [20, 5], [21, 3.5], [22, 2], [23, 1.5],
];
const RESULTS: readonly (readonly [string, number])[] = [['GRANTED', 95], ['DENIED', 3], ['FORCED', 1], ['HELD_OPEN', 1]];

type DeviceRow = Omit<DeviceEntity, 'lastHeartbeatAt'> & { lastHeartbeatAt: Date | null };

interface BlockPlan {
  block: number;
  complexes: ComplexEntity[];
  complexBuildings: ComplexBuildingEntity[];
  devices: DeviceRow[];
  credentials: Omit<CredentialEntity, 'createdAt'>[];
  /** Residents per building (current residences), for door records. */
  residents: Map<number, number[]>;
  faceUsers: Set<number>;
  faceAlarms: Omit<FaceAlarmEntity, 'id' | 'version' | 'createdAt'>[];
  videoSources: VideoSourceEntity[];
}

/**
 * The complex tier of one subdistrict block, as a pure function of the plan: complexes with their buildings
 * (the demonstration complex 海会苑 first), 670 access devices (two gates and a barrier per complex, unit doors
 * on its buildings in turn), 1,600 cameras, 16 face cameras (at the main gates of the largest complexes), 800 video
 * streams outside the complexes, and a
 * card for every resident of a complex plus a face credential for a third of them (face never alone).
 * Device ids are explicit: block b's devices take ids after block b − 1's, so scale N extends scale N − 1.
 */
function planBlock(plan: CommunityPlan, block: number, firstDeviceId: number, firstCredentialId: number): BlockPlan {
  const communityIds = new Set(plan.communities.filter((c) => c.subdistrictId === plan.subdistricts[block - 1]!.id).map((c) => c.id));
  const planned = plan.complexes.filter((c) => communityIds.has(c.communityId));
  const gridOfBuilding = new Map(plan.buildings.map((b) => [b.id, b.gridId]));
  const complexes: ComplexEntity[] = planned.map((c, i) => ({
    id: c.id,
    code: `${DISTRICT.code}${String(block).padStart(3, '0')}${String(i + 1).padStart(4, '0')}`,
    name: c.name,
    communityId: c.communityId,
    gridId: gridOfBuilding.get(c.buildingIds[0]!) ?? 0,
    address: c.address,
    propertyCompany: `${c.name.replace(/苑|小区|花园|家园$/, '')}物业服务有限公司`,
    demonstration: c.name === DEMO_COMPLEX,
  }));
  const complexGrid = new Map(planned.map((c) => [c.id, gridOfBuilding.get(c.buildingIds[0]!) ?? null]));
  const complexBuildings = planned.flatMap((c) => c.buildingIds.map((buildingId) => ({ buildingId, complexId: c.id })));
  const centre = `${DISTRICT.code}${String(block % 100).padStart(2, '0')}`;
  const serial: Record<string, number> = {};
  let nextId = firstDeviceId;
  const devices: DeviceRow[] = [];
  const add = (kind: AccessDeviceKind, complexId: number, buildingId: number | null, name: string, location: string, direction: string) => {
    serial[kind] = (serial[kind] ?? 0) + 1;
    // A door's grid (grid workers see the records of the doors in their grids): its building's, a gate's complex's.
    const gridId = buildingId != null ? (gridOfBuilding.get(buildingId) ?? null) : (complexGrid.get(complexId) ?? null);
    devices.push({ id: nextId++, code: deviceCode({ centre, kind, serial: serial[kind]! }), name, kind, complexId, buildingId, gridId, location, direction, online: true, lastHeartbeatAt: null });
  };

  // Access control: two gates and a vehicle barrier per complex, then unit doors round-robin over the buildings.
  for (const c of planned) {
    add(AccessDeviceKind.GATE, c.id, null, `${c.name}南门`, '南门', 'BOTH');
    add(AccessDeviceKind.GATE, c.id, null, `${c.name}北门`, '北门', 'BOTH');
    add(AccessDeviceKind.BARRIER, c.id, null, `${c.name}车辆道闸`, '地库入口', 'BOTH');
  }
  const queues = planned.map((c) => [...c.buildingIds]);
  for (let round = 0; devices.length < COMPLEX_REFERENCE_COUNTS.accessDevices && queues.some((q) => q.length); round++) {
    for (let k = 0; k < planned.length && devices.length < COMPLEX_REFERENCE_COUNTS.accessDevices; k++) {
      const buildingId = queues[k]!.shift();
      if (buildingId === undefined) continue;
      add(AccessDeviceKind.UNIT_DOOR, planned[k]!.id, buildingId, `${planned[k]!.name}${buildingId}栋单元门`, `${buildingId}栋1单元`, 'BOTH');
    }
  }
  for (let k = 0; devices.length < COMPLEX_REFERENCE_COUNTS.accessDevices; k++) {
    const c = planned[k % planned.length]!;
    add(AccessDeviceKind.GATE, c.id, null, `${c.name}侧门${Math.floor(k / planned.length) + 1}`, '侧门', 'BOTH');
  }

  // Video: 16 face cameras at the main gates of the largest complexes (海会苑 first), 1,600 cameras spread evenly.
  const bySize = [...planned].sort((a, b) => b.buildingIds.length - a.buildingIds.length || a.id - b.id);
  const faceAt = [planned[0]!, ...bySize.filter((c) => c.id !== planned[0]!.id)];
  for (let k = 0; k < COMPLEX_REFERENCE_COUNTS.faceCameras; k++) {
    const c = faceAt[k % faceAt.length]!;
    add(AccessDeviceKind.FACE_CAMERA, c.id, null, `${c.name}人脸识别${Math.floor(k / faceAt.length) + 1}`, '南门', 'IN');
  }
  for (let k = 0; k < COMPLEX_REFERENCE_COUNTS.cameras; k++) {
    const c = planned[k % planned.length]!;
    const n = Math.floor(k / planned.length);
    const buildingId = n % 3 === 0 ? null : c.buildingIds[n % c.buildingIds.length]!;
    add(AccessDeviceKind.CAMERA, c.id, buildingId, `${c.name}监控${n + 1}`, buildingId ? `${buildingId}栋` : '周界', 'BOTH');
  }

  // Residents by building, from current residences; a card each, and a face credential for one in three.
  const buildingOfHouse = new Map(plan.houses.map((h) => [h.id, h.buildingId]));
  const inComplex = new Map(complexBuildings.map((b) => [b.buildingId, b.complexId]));
  const residents = new Map<number, number[]>();
  const complexOfPerson = new Map<number, number>();
  for (const r of plan.residences) {
    if (r.movedOutAt) continue;
    const b = buildingOfHouse.get(r.houseId);
    if (b === undefined || !inComplex.has(b)) continue;
    residents.set(b, [...(residents.get(b) ?? []), r.personId]);
    complexOfPerson.set(r.personId, inComplex.get(b)!);
  }
  const rnd = Random.for(plan.seed, 'complex-credentials', block);
  const credentials: BlockPlan['credentials'] = [];
  const faceUsers = new Set<number>();
  let credentialId = firstCredentialId;
  for (const [personId, complexId] of [...complexOfPerson].sort((a, b) => a[0] - b[0])) {
    credentials.push({ id: credentialId++, personId, kind: CredentialKind.CARD, reference: String(10_000_000_000 + personId * 7919).slice(-10), complexId, revokedAt: null });
    if (rnd.chance(1 / 3)) {
      faceUsers.add(personId);
      credentials.push({ id: credentialId++, personId, kind: CredentialKind.FACE, reference: `FT-${complexId}-${personId}`, complexId, revokedAt: null });
    }
  }
  const videoSources = planVideoSources(plan, block, communityIds, (k) => deviceCode({ centre, kind: 'CAMERA', serial: COMPLEX_REFERENCE_COUNTS.cameras + k + 1 }));
  return { block, complexes, complexBuildings, devices, credentials, residents, faceUsers, faceAlarms: planFaceAlarms(plan.seed, block, devices), videoSources };
}

/**
 * The 800 streams outside the complexes: village roads and forest watch on the rural grids, railway and river-bank
 * points spread over all grids of the block. Codes continue the complex cameras' serials, so every channel's code is
 * unique; ids are explicit so scale N extends scale N − 1.
 */
function planVideoSources(plan: CommunityPlan, block: number, communityIds: Set<number>, codeOf: (k: number) => string): VideoSourceEntity[] {
  const rnd = Random.for(plan.seed, 'video-sources', block);
  const grids = plan.grids.filter((g) => g.validTo === null && communityIds.has(g.communityId));
  const rural = grids.filter((g) => g.kind === 'RURAL');
  const firstId = (block - 1) * COMPLEX_REFERENCE_COUNTS.videoSources + 1;
  const sources: VideoSourceEntity[] = [];
  for (const [kind, count] of Object.entries(VIDEO_SOURCE_KINDS) as [keyof typeof VIDEO_SOURCE_KINDS, number][]) {
    const where = kind === 'VILLAGE_ROAD' || kind === 'FOREST' ? rural : grids;
    for (let k = 0; k < count; k++) {
      const grid = where[(k + rnd.int(0, where.length - 1)) % where.length]!;
      const code = codeOf(sources.length);
      sources.push({
        id: firstId + sources.length,
        code,
        name: `${grid.name}${VIDEO_SOURCE_PLACES[kind]}${k + 1}`,
        kind,
        communityId: grid.communityId,
        gridId: grid.id,
        location: `${grid.name}${VIDEO_SOURCE_PLACES[kind]}`,
        streamRef: `gb28181:${code}`,
        online: rnd.chance(0.97),
      });
    }
  }
  return sources;
}

/**
 * Face alarms of the 90 days before the plan date: a few a month per face camera, similarity 0.80–0.99 against a
 * watch-list reference (the public-security platform's; no face is stored). The centre dismissed the older ones after
 * checking the footage; those of the last two days are still NEW. None is CONFIRMED: a confirmation raises a grid
 * event, and the seeded events do not include face alarms.
 */
function planFaceAlarms(seed: number, block: number, devices: DeviceRow[]): BlockPlan['faceAlarms'] {
  const rnd = Random.for(seed, 'face-alarms', block);
  const planEnd = new Date(`${PLAN_DATE}T00:00:00+08:00`).getTime() + DAY;
  const alarms: BlockPlan['faceAlarms'] = [];
  for (const camera of devices.filter((d) => d.kind === AccessDeviceKind.FACE_CAMERA)) {
    for (let k = rnd.int(6, 15); k > 0; k--) {
      const occurredAt = new Date(planEnd - rnd.int(1, 90 * 24 * 60) * 60_000);
      const recent = planEnd - occurredAt.getTime() < 2 * DAY;
      alarms.push({
        cameraId: camera.id,
        complexId: camera.complexId,
        occurredAt,
        similarity: Math.round((0.8 + rnd.next() * 0.19) * 1000) / 1000,
        watchEntryRef: `WL-${String(rnd.int(1, 400)).padStart(6, '0')}`,
        status: recent ? 'NEW' : 'DISMISSED',
        decidedBy: recent ? null : 'seed:centre',
        decidedAt: recent ? null : new Date(occurredAt.getTime() + rnd.int(5, 120) * 60_000),
        note: recent ? null : '核对视频，非布控对象',
      });
    }
  }
  return alarms.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

/** Door records of one device for one day, drawn from a stream keyed by (seed, device, day): stable across runs. */
function* recordsOf(seed: number, device: DeviceRow, people: readonly number[], faceUsers: Set<number>, dayStart: number, perDay: number) {
  const rnd = Random.for(seed, 'access', device.id, dayStart / DAY);
  const dayNumber = Math.floor(dayStart / DAY);
  for (let k = 0; k < perDay; k++) {
    const t = dayStart + rnd.weighted(HOURLY) * 3_600_000 + rnd.int(0, 3_599_999);
    const result = rnd.weighted(RESULTS);
    const known = people.length > 0 && result !== 'FORCED' && rnd.chance(0.85);
    const personId = known ? rnd.pick(people) : null;
    const credential = !known
      ? rnd.weighted([['PASSWORD', 2], ['REMOTE', 2], ['QR', 1]] as const)
      : faceUsers.has(personId!) && device.kind !== AccessDeviceKind.BARRIER && rnd.chance(0.5)
        ? 'FACE'
        : rnd.weighted([['CARD', 4], ['QR', 1]] as const);
    yield {
      deviceId: device.id,
      // Unique per device and day whatever `days` is: a longer seed adds days, a re-run adds nothing.
      deviceSeq: dayNumber * 100_000 + k,
      complexId: device.complexId,
      deviceTime: new Date(t),
      receivedAt: new Date(t + rnd.int(200, 5_000)),
      direction: rnd.chance(0.5) ? 'IN' : 'OUT',
      credential,
      result,
      personId,
    };
  }
}

/** Multi-row `INSERT … IGNORE` chunks in one transaction; returns the rows actually inserted. */
async function insertIgnoring(db: DataSource, entity: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): Promise<number> {
  const size = chunkSize(db, entity);
  return db.transaction(async (m) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += size) {
      const [sql, params] = m.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + size)).orIgnore().getQueryAndParameters();
      inserted += (await m.queryRunner!.query(sql, params, true)).affected ?? 0;
    }
    return inserted;
  });
}

/**
 * Seeds the complex subgraph's database from the community plan (ids from `buildPlan`): complexes and their
 * buildings, devices, credentials, and `days` of door records. Deterministic and idempotent: a block whose
 * complexes are present keeps its devices and credentials; door records go in with `INSERT … IGNORE` on
 * (deviceId, deviceSeq), so a re-run writes none and a longer `days` adds only the missing days.
 */
export async function seedComplex(db: DataSource, plan: CommunityPlan, options: ComplexSeedOptions = {}, progress?: SeedProgress): Promise<SeedResult> {
  const days = options.days ?? 1;
  const perDay = options.recordsPerDevicePerDay ?? 200;
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  if (!Number.isInteger(perDay) || perDay < 0 || perDay >= 100_000) throw new RangeError(`recordsPerDevicePerDay must be in 0..99,999, got ${perDay}`);
  const until = options.until ?? new Date(`${PLAN_DATE}T00:00:00+08:00`).getTime() + DAY;
  const end = Math.floor(Number(until) / DAY) * DAY;

  const blocks: BlockPlan[] = [];
  let deviceId = 1;
  let credentialId = 1;
  for (let b = 1; b <= plan.subdistricts.length; b++) {
    const block = planBlock(plan, b, deviceId, credentialId);
    deviceId += block.devices.length;
    credentialId += block.credentials.length;
    blocks.push(block);
  }

  const inserted: Record<string, number> = { residential_complex: 0, complex_building: 0, device: 0, credential: 0, face_alarm: 0, video_source: 0, access_record: 0 };
  const pendingBlocks: BlockPlan[] = [];
  for (const block of blocks) {
    const found = await db.getRepository(ComplexEntity).findBy({ id: In(block.complexes.map((c) => c.id)) });
    if (found.length === 0) pendingBlocks.push(block);
    else if (found.length !== block.complexes.length || found.some((f) => !block.complexes.some((c) => c.id === f.id && c.code === f.code)))
      throw conflict('the complex database holds other data where this seed plan goes; seed an empty database', { block: block.block });
  }
  const accessDevices = blocks.flatMap((b) => b.devices.filter((d) => d.kind !== AccessDeviceKind.CAMERA && d.kind !== AccessDeviceKind.FACE_CAMERA).map((d) => ({ d, b })));
  const staticRows = pendingBlocks.reduce((s, b) => s + b.complexes.length + b.complexBuildings.length + b.devices.length + b.credentials.length + b.faceAlarms.length + b.videoSources.length, 0);
  const total = staticRows + accessDevices.length * days * perDay;
  const tally = { done: 0, total };

  if (pendingBlocks.length) {
    await db.transaction(async (m) => {
      const tables: [string, EntityTarget<ObjectLiteral>, ObjectLiteral[]][] = [
        ['residential_complex', ComplexEntity, pendingBlocks.flatMap((b) => b.complexes)],
        ['complex_building', ComplexBuildingEntity, pendingBlocks.flatMap((b) => b.complexBuildings)],
        ['device', DeviceEntity, pendingBlocks.flatMap((b) => b.devices)],
        ['credential', CredentialEntity, pendingBlocks.flatMap((b) => b.credentials)],
        ['face_alarm', FaceAlarmEntity, pendingBlocks.flatMap((b) => b.faceAlarms)],
        ['video_source', VideoSourceEntity, pendingBlocks.flatMap((b) => b.videoSources)],
      ];
      await insertTables(m, tables.map(([name, entity, rows]) => ({ name, entity, rows })), tally, progress);
      for (const [name, , rows] of tables) inserted[name] = rows.length;
    });
  }

  // Door records, device-day by device-day, written ~10,000 at a time (one transaction of 1,000-row statements).
  const buffer: ObjectLiteral[] = [];
  const size = chunkSize(db, AccessRecordEntity);
  const flush = async () => {
    if (!buffer.length) return;
    inserted.access_record! += await insertIgnoring(db, AccessRecordEntity, buffer.splice(0));
  };
  for (let day = days; day >= 1; day--) {
    const dayStart = end - day * DAY;
    for (const { d, b } of accessDevices) {
      const people = d.buildingId !== null
        ? (b.residents.get(d.buildingId) ?? [])
        : b.complexBuildings.filter((cb) => cb.complexId === d.complexId).flatMap((cb) => b.residents.get(cb.buildingId) ?? []);
      for (const r of recordsOf(plan.seed, d, people, b.faceUsers, dayStart, perDay)) buffer.push(r);
      if (buffer.length >= size * 10) {
        const n = buffer.length;
        await flush();
        progress?.((tally.done += n), total, 'access_record');
      }
    }
  }
  const n = buffer.length;
  await flush();
  if (n) progress?.((tally.done += n), total, 'access_record');
  return { inserted, skipped: Object.values(inserted).every((v) => v === 0) };
}
