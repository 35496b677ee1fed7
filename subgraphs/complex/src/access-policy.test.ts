import { Action, AuditEntryEntity, can, Role, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { complex } from './index';
import { IsNull } from 'typeorm';
import { AccessRecordEntity } from './access-record/access-record.entity';
import { ingestAccessRecords } from './access-record/access-record.ingest';
import { INGEST_PATH } from './access-record/access-record.route';
import { CredentialEntity } from './credential/credential.entity';
import { FaceAlarmEntity } from './face-alarm/face-alarm.entity';
import { ADMIN, OPERATOR, seedCredentials, seedSmallComplex, systemData } from './testing/small-complex.fixture';

/**
 * Issue 11 findings in the complex tier, each against the kit's scoped data access: door credentials scoped like the
 * complex they open, references and Person stubs scoped, no door activity planted for arbitrary persons, grid
 * workers limited to the doors of their grids, door-trail and face-alarm reads audited, operations by kit actions.
 */
describe.each(testDialects())('complex access policy (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  let a: Awaited<ReturnType<typeof seedSmallComplex>>;
  let b: Awaited<ReturnType<typeof seedSmallComplex>>;
  let managerA: Identity;
  const staff1: Identity = { subject: 'staff-1', role: Role.COMMUNITY_STAFF, communityIds: [1] };
  const gridWorker1: Identity = { subject: 'gw-1', role: Role.GRID_WORKER, gridIds: [1], communityIds: [1] };
  const partner: Identity = { subject: 'partner-1', role: Role.PARTNER, agency: 'power' };
  const now = new Date();
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  let seq = 0;
  const door = (deviceId: number, personId: number | null, at: string) => ({ deviceId, deviceSeq: seq++, deviceTime: at, direction: 'IN', credential: 'CARD', result: 'GRANTED', personId });
  let recordOfB: number;
  let alarmOfA: number;

  beforeAll(async () => {
    fx = await startTestSubgraph(complex, { database: db.config });
    a = await seedSmallComplex(fx.subgraph, 2); // community 1: door 0 in grid 1, door 1 in grid 2
    b = await seedSmallComplex(fx.subgraph, 2, { code: 'BBB', communityId: 2 });
    managerA = { subject: 'mgr-a', role: Role.COMPLEX_MANAGER, complexIds: [a.complex.id] };
    // Persons 1–5 hold cards in A, 5 and 11 in B.
    await seedCredentials(fx.subgraph, a.complex.id, [1, 2, 3, 4, 5]);
    await seedCredentials(fx.subgraph, b.complex.id, [5, 11]);
    const stored = await ingestAccessRecords(systemData(fx.subgraph), [
      door(a.unitDoors[0]!.id, 5, minutesAgo(30)), // A, grid 1
      door(a.unitDoors[1]!.id, 5, minutesAgo(20)), // A, grid 2
      door(b.unitDoors[0]!.id, 5, minutesAgo(10)), // B: person 5's newest record
      door(b.unitDoors[0]!.id, 11, minutesAgo(5)),
    ], { now });
    if (stored.accepted !== 4) throw new Error(`fixture: ${JSON.stringify(stored)}`);
    recordOfB = (await fx.subgraph.db.getRepository(AccessRecordEntity).findOneByOrFail({ personId: 11 })).id;
    const alarm = await fx.query<{ recordFaceAlarm: { id: string } }>(
      `mutation($i: RecordFaceAlarmInput!) { recordFaceAlarm(input: $i) { id } }`,
      { i: { cameraId: String(a.faceCamera.id), occurredAt: minutesAgo(1), similarity: 0.9, watchEntryRef: 'WL-1' } },
    );
    alarmOfA = Number(alarm.data!.recordFaceAlarm.id);
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['complex']);
  });

  const REGISTER = `mutation($i: RegisterCredentialInput!) { registerDoorCredential(input: $i) { id reference } }`;
  const REVOKE = `mutation($id: ID!) { revokeDoorCredential(id: $id) { id revokedAt } }`;
  const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

  describe('1. door credentials are scoped like the complex they open', () => {
    it('a manager of complex A can neither register in complex B nor revoke B\'s credential; nothing is written', async () => {
      const creds = fx.subgraph.db.getRepository(CredentialEntity);
      const before = await creds.count();
      const intoB = await fx.query(REGISTER, { i: { personId: '11', kind: 'CARD', reference: 'MGR-A-INTO-B', complexId: String(b.complex.id) } }, managerA);
      expect(code(intoB)).toBe('NOT_FOUND'); // B is not a complex the manager can see
      const noComplex = await fx.query(REGISTER, { i: { personId: '11', kind: 'CARD', reference: 'MGR-A-NOWHERE' } }, managerA);
      expect(code(noComplex)).toBe('FORBIDDEN'); // a credential outside every complex is not the manager's to make
      const ofB = await creds.findOneByOrFail({ personId: 11, complexId: b.complex.id });
      expect(code(await fx.query(REVOKE, { id: String(ofB.id) }, managerA))).toBe('NOT_FOUND');
      expect(await creds.count()).toBe(before);
      expect((await creds.findOneByOrFail({ id: ofB.id })).revokedAt).toBeNull();

      const own = await fx.query<{ registerDoorCredential: { id: string } }>(REGISTER, { i: { personId: '6', kind: 'CARD', reference: 'MGR-A-OWN', complexId: String(a.complex.id) } }, managerA);
      expect(own.errors).toBeUndefined();
      expect((await fx.query(REVOKE, { id: own.data!.registerDoorCredential.id }, managerA)).errors).toBeUndefined();
    });

    it('community staff register and revoke only in complexes of their communities; roles without credential reach are refused', async () => {
      const creds = fx.subgraph.db.getRepository(CredentialEntity);
      const before = await creds.count();
      expect(code(await fx.query(REGISTER, { i: { personId: '11', kind: 'QR', reference: 'STAFF-INTO-B', complexId: String(b.complex.id) } }, staff1))).toBe('NOT_FOUND');
      const ofB = await creds.findOneByOrFail({ personId: 11, complexId: b.complex.id });
      expect(code(await fx.query(REVOKE, { id: String(ofB.id) }, staff1))).toBe('NOT_FOUND');
      // A grid worker sees complex A (DEVICES) but changes no credentials.
      expect(code(await fx.query(REGISTER, { i: { personId: '1', kind: 'QR', reference: 'GW-IN-A', complexId: String(a.complex.id) } }, gridWorker1))).toBe('FORBIDDEN');
      expect(code(await fx.query(REVOKE, { id: String(ofB.id) }, OPERATOR))).toBe('FORBIDDEN');
      expect(await creds.count()).toBe(before);
      const own = await fx.query(REGISTER, { i: { personId: '7', kind: 'QR', reference: 'STAFF-OWN', complexId: String(a.complex.id) } }, staff1);
      expect(own.errors).toBeUndefined();
    });
  });

  describe('2. references and Person stubs resolve within the caller\'s scope', () => {
    const ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename ... on AccessRecord { id } ... on FaceAlarm { id } ... on AccessDevice { id } } }`;

    it('a partner reading a door record, a face alarm or a device by reference gets NOT_FOUND; a manager B\'s record likewise', async () => {
      for (const rep of [
        { __typename: 'AccessRecord', id: String(recordOfB) },
        { __typename: 'FaceAlarm', id: String(alarmOfA) },
        { __typename: 'AccessDevice', id: String(a.unitDoors[0]!.id) },
      ]) {
        const r = await fx.query<{ _entities: unknown[] }>(ENTITY, { reps: [rep] }, partner);
        expect({ rep: rep.__typename, code: code(r), data: r.data?._entities?.[0] ?? null }).toEqual({ rep: rep.__typename, code: 'NOT_FOUND', data: null });
      }
      expect(code(await fx.query(ENTITY, { reps: [{ __typename: 'AccessRecord', id: String(recordOfB) }] }, managerA))).toBe('NOT_FOUND');
      const admin = await fx.query<{ _entities: { id: string }[] }>(ENTITY, { reps: [{ __typename: 'AccessRecord', id: String(recordOfB) }] });
      expect(admin.data!._entities[0]!.id).toBe(String(recordOfB));
    });

    it('Person.doorCredentials, accessRecords and lastAccess give a manager only its complexes\' rows', async () => {
      const q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person {
        doorCredentials { reference } accessRecords(first: 10) { totalCount edges { node { id } } } lastAccess { id device { id } } } } }`;
      type P = { doorCredentials: { reference: string }[]; accessRecords: { totalCount: number }; lastAccess: { device: { id: string } } | null };
      const mine = await fx.query<{ _entities: P[] }>(q, { reps: [{ __typename: 'Person', id: '5' }] }, managerA);
      expect(mine.errors).toBeUndefined();
      const p = mine.data!._entities[0]!;
      expect(p.doorCredentials).toEqual([{ reference: `****${`CARD-${a.complex.id}-5`.slice(-4)}` }]); // A's card only, masked
      expect(p.accessRecords.totalCount).toBe(2);
      expect(p.lastAccess!.device.id).toBe(String(a.unitDoors[1]!.id)); // not B's newer record
      const all = await fx.query<{ _entities: P[] }>(q, { reps: [{ __typename: 'Person', id: '5' }] });
      expect(all.data!._entities[0]!.doorCredentials).toHaveLength(2);
      expect(all.data!._entities[0]!.lastAccess!.device.id).toBe(String(b.unitDoors[0]!.id));
    });
  });

  describe('3. ingestion plants no door activity for arbitrary persons and writes only into the caller\'s devices', () => {
    const INGEST = `mutation($r: [AccessRecordInput!]!) { ingestAccessRecords(records: $r) { accepted duplicates rejected rejections { index code } } }`;
    const LAST = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { lastAccess { id } } } }`;

    it('rejects, per record, a person without an active credential in the device\'s complex', async () => {
      const revoked = await fx.subgraph.db.getRepository(CredentialEntity).findOneByOrFail({ personId: 4, complexId: a.complex.id });
      await fx.subgraph.db.getRepository(CredentialEntity).update({ id: revoked.id }, { revokedAt: new Date() });
      const gate = String(a.gate.id);
      const r = await fx.query<{ ingestAccessRecords: { accepted: number; rejected: number; rejections: { index: number; code: string }[] } }>(INGEST, {
        r: [
          { ...door(a.gate.id, null, minutesAgo(2)), deviceId: gate, personId: '999' }, // nobody's credential
          { ...door(a.gate.id, null, minutesAgo(2)), deviceId: gate, personId: '11' }, // a card in B, not in A
          { ...door(a.gate.id, null, minutesAgo(2)), deviceId: gate, personId: '4' }, // card revoked
          { ...door(a.gate.id, null, minutesAgo(2)), deviceId: gate, personId: '1' },
          { ...door(a.gate.id, null, minutesAgo(2)), deviceId: gate, personId: null },
        ],
      }, managerA);
      expect(r.errors).toBeUndefined();
      expect(r.data!.ingestAccessRecords).toMatchObject({
        accepted: 2,
        rejected: 3,
        rejections: [{ index: 0, code: 'UNKNOWN_PERSON' }, { index: 1, code: 'UNKNOWN_PERSON' }, { index: 2, code: 'UNKNOWN_PERSON' }],
      });
      const last = await fx.query<{ _entities: { lastAccess: unknown }[] }>(LAST, { reps: [{ __typename: 'Person', id: '999' }, { __typename: 'Person', id: '4' }] });
      expect(last.data!._entities).toEqual([{ lastAccess: null }, { lastAccess: null }]);
      expect(await fx.subgraph.db.getRepository(AccessRecordEntity).countBy({ personId: 999 })).toBe(0);
    });

    it('the NDJSON route takes a manager\'s records only for devices of its complexes, and only from roles that ingest', async () => {
      const post = async (lines: unknown[], who: Identity) => {
        const res = await fetch(fx.subgraph.url.replace(/\/graphql$/, INGEST_PATH), {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', ...(await fx.headers(who)) },
          body: lines.map((l) => JSON.stringify(l)).join('\n'),
        });
        return { status: res.status, body: (await res.json()) as { accepted: number; rejected: number; rejections: { index: number; code: string }[] } };
      };
      const before = await fx.subgraph.db.getRepository(AccessRecordEntity).count();
      const r = await post([door(b.unitDoors[0]!.id, 11, minutesAgo(1)), door(a.unitDoors[0]!.id, 2, minutesAgo(1)), door(a.unitDoors[0]!.id, 11, minutesAgo(1))], managerA);
      expect(r).toMatchObject({ status: 200, body: { accepted: 1, rejected: 2, rejections: [{ index: 0, code: 'UNKNOWN_DEVICE' }, { index: 2, code: 'UNKNOWN_PERSON' }] } });
      expect(await fx.subgraph.db.getRepository(AccessRecordEntity).count()).toBe(before + 1);
      expect((await post([door(a.unitDoors[0]!.id, 2, minutesAgo(1))], staff1)).status).toBe(403);
    });
  });

  describe('4. a grid worker sees the door records of the doors in her grids only', () => {
    it('reads person 5\'s record at the grid-1 door, not those at the grid-2 door or in complex B', async () => {
      const q = `query($reps: [_Any!]!, $d2: ID!) { _entities(representations: $reps) { ... on Person { accessRecords(first: 10) { totalCount edges { node { device { id } } } } } }
        accessDevice(id: $d2) { accessRecords(first: 10) { totalCount } } }`;
      type R = { _entities: { accessRecords: { totalCount: number; edges: { node: { device: { id: string } } }[] } }[]; accessDevice: { accessRecords: { totalCount: number } } };
      const r = await fx.query<R>(q, { reps: [{ __typename: 'Person', id: '5' }], d2: String(a.unitDoors[1]!.id) }, gridWorker1);
      expect(r.errors).toBeUndefined();
      expect(r.data!._entities[0]!.accessRecords.totalCount).toBe(1);
      expect(r.data!._entities[0]!.accessRecords.edges.map((e) => e.node.device.id)).toEqual([String(a.unitDoors[0]!.id)]);
      expect(r.data!.accessDevice.accessRecords.totalCount).toBe(0);
      // Community staff of community 1 see both doors of complex A.
      const s = await fx.query<R>(q, { reps: [{ __typename: 'Person', id: '5' }], d2: String(a.unitDoors[1]!.id) }, staff1);
      expect(s.data!._entities[0]!.accessRecords.totalCount).toBe(2);
    });
  });

  describe('5. door-trail and face-alarm reads are audited by construction', () => {
    const audits = (subject: string, action: string) => fx.subgraph.db.getRepository(AuditEntryEntity).findBy({ actorSubject: subject, action });

    it('a count of door records and a face-alarm page each write an audit row in the complex database', async () => {
      const reader: Identity = { subject: 'staff-audited', role: Role.COMMUNITY_STAFF, communityIds: [1] };
      const count = await fx.query<{ _entities: { accessRecords: { totalCount: number } }[] }>(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { accessRecords(first: 0) { totalCount } } } }`,
        { reps: [{ __typename: 'Person', id: '5' }] },
        reader,
      );
      expect(count.data!._entities[0]!.accessRecords.totalCount).toBe(2);
      const trail = await audits('staff-audited', 'READ_ACCESS_TRAIL');
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ actorRole: 'COMMUNITY_STAFF', targetType: 'AccessRecord' });

      const alarms = await fx.query<{ faceAlarms: { edges: { node: { id: string } }[] } }>(`{ faceAlarms(first: 5) { edges { node { id } } } }`, {}, reader);
      expect(alarms.data!.faceAlarms.edges.map((e) => e.node.id)).toContain(String(alarmOfA));
      const read = await audits('staff-audited', 'READ_FACE_ALARMS');
      expect(read).toHaveLength(1);
      expect(read[0]!.targetIds.split(',')).toContain(String(alarmOfA));
    });
  });

  describe('6. operations follow the kit\'s actions, not local role lists', () => {
    it('watch-list references, face-alarm decisions and ingestion per role as Action says', async () => {
      const roles: Identity[] = [
        ADMIN, OPERATOR, staff1, gridWorker1, { subject: 'mgr-all', role: Role.COMPLEX_MANAGER, complexIds: [a.complex.id, b.complex.id] },
        partner, { subject: 'auditor', role: Role.AUDITOR },
      ];
      for (const who of roles) {
        const seen = await fx.query<{ faceAlarms: { edges: { node: { watchEntryRef: string | null } }[] } }>(`{ faceAlarms(first: 1) { edges { node { watchEntryRef } } } }`, {}, who);
        const ref = seen.data?.faceAlarms.edges[0]?.node.watchEntryRef ?? null;
        expect({ role: who.role, ref: ref !== null }).toEqual({ role: who.role, ref: can(who, Action.FACE_ALARM_WATCH_ENTRY) });
        const dismiss = await fx.query(`mutation($id: ID!) { dismissFaceAlarm(id: $id) { id } }`, { id: '999999' }, who);
        expect({ role: who.role, code: code(dismiss) }).toEqual({ role: who.role, code: can(who, Action.FACE_ALARM_DECIDE) ? 'NOT_FOUND' : 'FORBIDDEN' });
        const ingest = await fx.query(`mutation { ingestAccessRecords(records: []) { accepted } }`, {}, who);
        expect({ role: who.role, code: code(ingest) ?? 'ok' }).toEqual({ role: who.role, code: can(who, Action.ACCESS_INGEST) ? 'ok' : 'FORBIDDEN' });
      }
      expect(await fx.subgraph.db.getRepository(FaceAlarmEntity).countBy({ decidedAt: IsNull() })).toBeGreaterThan(0);
    });
  });
});
