import { Role } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { complex } from '../index';
import { AccessRecordEntity } from './access-record.entity';
import { ingestAccessRecords } from './access-record.ingest';
import { purgeAccessRecords } from './access-record.retention';
import { seedCredentials, seedSmallComplex, systemData } from '../testing/small-complex.fixture';

const PERSONS = 50;
const PER_PERSON = 40;

describe.each(testDialects())('door records by person and device (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let fx: TestSubgraph;
  let devices: Awaited<ReturnType<typeof seedSmallComplex>>;
  const start = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    fx = await startTestSubgraph(complex, { database: db.config });
    devices = await seedSmallComplex(fx.subgraph, 5);
    await seedCredentials(fx.subgraph, devices.complex.id, Array.from({ length: PERSONS }, (_, i) => i + 1));
    // Person p gets PER_PERSON records, one a minute; person 1's newest is at index PER_PERSON - 1.
    const records = Array.from({ length: PERSONS * PER_PERSON }, (_, i) => ({
      deviceId: devices.unitDoors[i % 5]!.id,
      deviceSeq: i,
      deviceTime: new Date(start + Math.floor(i / PERSONS) * 60_000 + (i % PERSONS) * 1000).toISOString(),
      direction: 'IN',
      credential: 'CARD',
      result: 'GRANTED',
      personId: (i % PERSONS) + 1,
    }));
    const result = await ingestAccessRecords(systemData(fx.subgraph), records, { now: new Date(start + 86_400_000) });
    if (result.accepted !== records.length) throw new Error(`fixture: ${result.accepted} of ${records.length} records stored`);
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['complex']);
  });

  const ENTITIES = `query($reps: [_Any!]!) { entities: _entities(representations: $reps) { ... on Person { id
    accessRecords(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { deviceTime deviceSeq device { id kind } person { id } } } }
    lastAccess { deviceSeq } } } }`;
  type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { deviceTime: string; deviceSeq: number; device: { id: string }; person: { id: string } } }[] };

  it('answers accessRecords(first: 5) for 50 persons in one request with a bounded number of statements', async () => {
    const reps = Array.from({ length: PERSONS }, (_, i) => ({ __typename: 'Person', id: String(i + 1) }));
    const before = fx.subgraph.sql.total;
    const { data, errors } = await fx.query<{ entities: { id: string; accessRecords: Page; lastAccess: { deviceSeq: number } }[] }>(ENTITIES, { reps });
    const statements = fx.subgraph.sql.total - before;
    expect(errors).toBeUndefined();
    // page ids + rows by id, lastAccess the same two, totalCount one, devices one.
    expect(statements).toBeLessThanOrEqual(6);
    console.log(`accessRecords(first: 5) + lastAccess + totalCount + device for ${PERSONS} persons (${dialect}): ${statements} SQL statements`);
    for (const [i, p] of data!.entities.entries()) {
      expect(p.accessRecords.edges).toHaveLength(5);
      expect(p.accessRecords.totalCount).toBe(PER_PERSON);
      expect(p.accessRecords.pageInfo.hasNextPage).toBe(true);
      const times = p.accessRecords.edges.map((e) => e.node.deviceTime);
      expect([...times].sort().reverse()).toEqual(times);
      expect(p.accessRecords.edges.every((e) => e.node.person.id === String(i + 1))).toBe(true);
      expect(p.lastAccess.deviceSeq).toBe(p.accessRecords.edges[0]!.node.deviceSeq);
    }
  });

  it('pages through a person\'s records newest first without gaps or repeats, and honours since', async () => {
    const q = `query($reps: [_Any!]!, $after: String, $since: DateTimeISO) { entities: _entities(representations: $reps) { ... on Person {
      accessRecords(first: 7, after: $after, since: $since) { totalCount pageInfo { hasNextPage endCursor } edges { node { deviceSeq } } } } } }`;
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const r = await fx.query<{ entities: { accessRecords: Page }[] }>(q, { reps: [{ __typename: 'Person', id: '3' }], after });
      const page = r.data!.entities[0]!.accessRecords;
      seen.push(...page.edges.map((e) => e.node.deviceSeq));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: PER_PERSON }, (_, k) => (PER_PERSON - 1 - k) * PERSONS + 2));
    const since = new Date(start + 30 * 60_000).toISOString();
    const recent = await fx.query<{ entities: { accessRecords: Page }[] }>(q, { reps: [{ __typename: 'Person', id: '3' }], since });
    expect(recent.data!.entities[0]!.accessRecords.totalCount).toBe(10);
  });

  it('limits door trails to roles and complexes that need them', async () => {
    const reps = [{ __typename: 'Person', id: '1' }];
    const partner = await fx.query(ENTITIES, { reps }, { subject: 'p', role: Role.PARTNER });
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await fx.query<{ entities: { accessRecords: Page }[] }>(ENTITIES, { reps }, { subject: 'm', role: Role.COMPLEX_MANAGER, complexIds: [devices.complex.id + 1] });
    expect(other.data!.entities[0]!.accessRecords.totalCount).toBe(0);
    const own = await fx.query<{ entities: { accessRecords: Page }[] }>(ENTITIES, { reps }, { subject: 'm', role: Role.COMPLEX_MANAGER, complexIds: [devices.complex.id] });
    expect(own.data!.entities[0]!.accessRecords.totalCount).toBe(PER_PERSON);
  });

  it('lists devices with filters, a building\'s doors and a device\'s records in a time range', async () => {
    const q = `{ accessDevices(filter: { online: true }, first: 50) { totalCount edges { node { id kind online building { id } } } }
      cameras(filter: { faceRecognition: true }) { totalCount }
      complexes(communityId: "1") { name community { id } buildings { id } }
      entities: _entities(representations: [{ __typename: "Building", id: "2" }, { __typename: "Community", id: "1" }]) {
        ... on Building { accessDevices { kind } } ... on Community { complexes { name } } } }`;
    const r = await fx.query<{ accessDevices: { totalCount: number }; cameras: { totalCount: number }; complexes: { name: string }[]; entities: unknown[] }>(q);
    expect(r.errors).toBeUndefined();
    expect(r.data!.accessDevices.totalCount).toBe(5); // the five doors that sent records; the gate is offline
    expect(r.data!.cameras.totalCount).toBe(1);
    expect(r.data!.complexes.map((c) => c.name)).toEqual(['海会苑']);
    expect(r.data!.entities).toEqual([{ accessDevices: [{ kind: 'UNIT_DOOR' }] }, { complexes: [{ name: '海会苑' }] }]);
    const range = await fx.query<{ accessDevice: { accessRecords: { totalCount: number } } }>(
      `query($id: ID!, $s: DateTimeISO, $u: DateTimeISO) { accessDevice(id: $id) { accessRecords(since: $s, until: $u, first: 3) { totalCount } } }`,
      { id: String(devices.unitDoors[0]!.id), s: new Date(start).toISOString(), u: new Date(start + 10 * 60_000).toISOString() },
    );
    expect(range.data!.accessDevice.accessRecords.totalCount).toBe(10 * PERSONS / 5);
  });

  it('purges records before the retention cutoff, chunk by chunk', async () => {
    const repo = fx.subgraph.db.getRepository(AccessRecordEntity);
    const total = await repo.count();
    const deleted = await purgeAccessRecords(fx.subgraph.db, new Date(start + 10 * 60_000), { chunkSize: 7 });
    expect(deleted).toBe(10 * PERSONS);
    expect(await repo.count()).toBe(total - deleted);
  });
});
