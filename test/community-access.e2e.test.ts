import { checkDigit, Role, type Identity } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type TestHub } from './src/hub';

const RESTRICTED_SQL = "'COMMUNITY_CORRECTION', 'RELEASED_PRISONER', 'DRUG_REHABILITATION', 'SEVERE_MENTAL_DISORDER', 'AT_RISK_YOUTH'";

/**
 * Issue 11, the community tier's findings, each through the real gateway on the scale-1 seed: what a masked value
 * and another field must not rebuild together, tag probes in the audit log, partners and resident counts, nested
 * paths into other grids, and registering or moving a person into a house.
 */
describe.each(testDialects())('community access findings (%s)', (dialect) => {
  let t: TestHub;
  let worker: Identity;
  const db = () => t.hub.subgraphs.community!.db;
  let serial = 0;
  const idNumber = () => {
    const body = `50038119850${String(1 + (serial % 9))}1${String(1 + (serial % 9))}${String(300 + serial++).padStart(3, '0')}`;
    return body + checkDigit(body);
  };

  beforeAll(async () => {
    t = await startTestHub(dialect);
    const [g] = await db().query('SELECT g.id, g.communityId FROM grid g WHERE g.validTo IS NULL AND EXISTS (SELECT 1 FROM person p WHERE p.gridId = g.id) ORDER BY g.id LIMIT 1');
    worker = { subject: 'gw-access', role: Role.GRID_WORKER, gridIds: [Number(g.id)], communityIds: [Number(g.communityId)] };
  }, 300_000);
  afterAll(() => t?.stop());

  it('shows a birth date as its year only, so the masked ID number cannot be rebuilt; the audited reveal gives both', async () => {
    const [p] = await db().query('SELECT id, idNumber, birthDate FROM person ORDER BY id LIMIT 1');
    // mysql2 reads a DATE as a Date (at UTC midnight: the connection's time zone is Z); SQLite as text.
    const birth = p.birthDate instanceof Date ? p.birthDate.toISOString().slice(0, 10) : String(p.birthDate);
    const r = await t.query<{ person: { idNumber: string; birthDate: string } }>('query($id: ID!) { person(id: $id) { idNumber birthDate } }', { id: String(p.id) });
    expect(r.data!.person.birthDate).toBe(`${birth.slice(0, 4)}-**-**`);
    expect(r.data!.person.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const revealed = await t.query<{ revealPersonIdentity: { idNumber: string; birthDate: string } }>(
      'mutation($id: ID!) { revealPersonIdentity(personId: $id, purpose: "核对户籍信息") { idNumber birthDate } }', { id: String(p.id) });
    expect(revealed.data!.revealPersonIdentity).toEqual({ idNumber: p.idNumber, birthDate: birth });
  });

  it('audits a probe by special-population label, even a count with no row returned', async () => {
    const [tagged] = await db().query(`SELECT p.name, t.tag FROM person p JOIN person_tag t ON t.personId = p.id WHERE t.tag IN (${RESTRICTED_SQL}) ORDER BY p.id LIMIT 1`);
    const before = Number((await db().query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'READ_SPECIAL_POPULATION'"))[0].n);
    const r = await t.query<{ persons: { totalCount: number } }>(
      'query($n: String!, $tag: PopulationTag!) { persons(first: 0, filter: { namePrefix: $n, tag: $tag }) { totalCount } }', { n: tagged.name, tag: tagged.tag });
    expect(r.data!.persons.totalCount).toBeGreaterThan(0);
    const rows: { fields: string; actorSubject: string }[] = await db().query("SELECT fields, actorSubject FROM audit_log WHERE action = 'READ_SPECIAL_POPULATION' ORDER BY id DESC");
    expect(rows.length).toBe(before + 1);
    expect(rows[0]!.fields).toContain(`filter:tag=${String(tagged.tag)}`);
  });

  it('gives a partner no resident counts: residents empty, coverage FORBIDDEN', async () => {
    const partner = await t.token({ subject: 'p-1', role: Role.PARTNER, agency: 'STATE_GRID_JIANGJIN' });
    const r = await t.query<{ grids: { residents: { totalCount: number }; coverage: unknown }[] }>('{ grids { residents { totalCount } coverage { persons } } }', undefined, partner);
    expect(r.data!.grids.length).toBe(93);
    expect(r.data!.grids.every((g) => g.residents.totalCount === 0 && g.coverage === null)).toBe(true);
    expect(new Set(r.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
  });

  it("keeps a grid worker out of other grids' buildings through a resident's past residences", async () => {
    const [moved] = await db().query(
      'SELECT r.personId, h.gridId FROM residence r JOIN house h ON h.id = r.houseId JOIN person p ON p.id = r.personId WHERE r.movedOutAt IS NOT NULL AND h.gridId <> p.gridId ORDER BY r.id LIMIT 1');
    if (!moved) return; // the seed has no such move at this scale: nothing to walk
    const [p] = await db().query('SELECT gridId, communityId FROM person WHERE id = ?', [moved.personId]);
    const token = await t.token({ subject: 'gw-2', role: Role.GRID_WORKER, gridIds: [Number(p.gridId)], communityIds: [Number(p.communityId)] });
    const r = await t.query<{ person: { residences: { house: { building: { id: string } } | null }[] } }>(
      'query($id: ID!) { person(id: $id) { residences { house { id building { id } } } } }', { id: String(moved.personId) }, token);
    expect(r.errors?.some((e) => e.extensions?.code === 'NOT_FOUND')).toBe(true);
  });

  it('registers a person into a house and moves a person to another house (no INTERNAL), writing the residences', async () => {
    const [house] = await db().query('SELECT h.id, h.gridId FROM house h WHERE h.gridId = ? ORDER BY h.id LIMIT 2', [worker.gridIds![0]]);
    const token = await t.token(worker);
    const reg = await t.query<{ registerPerson: { id: string; version: number; house: { id: string } } }>(
      'mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { id version house { id } } }', { i: { name: '入住测试', idNumber: idNumber(), houseId: String(house.id) } }, token);
    expect(reg.errors).toBeUndefined();
    expect(reg.data!.registerPerson.house.id).toBe(String(house.id));
    const [other] = await db().query('SELECT id FROM house WHERE gridId = ? AND id <> ? ORDER BY id LIMIT 1', [worker.gridIds![0], house.id]);
    const moved = await t.query<{ updatePerson: { house: { id: string } } }>(
      'mutation($id: ID!, $v: Int!, $h: ID!) { updatePerson(id: $id, expectedVersion: $v, input: { houseId: $h }) { house { id } } }',
      { id: reg.data!.registerPerson.id, v: reg.data!.registerPerson.version, h: String(other.id) }, token);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.updatePerson.house.id).toBe(String(other.id));
    const residences = await db().query('SELECT houseId, movedOutAt FROM residence WHERE personId = ? ORDER BY id', [reg.data!.registerPerson.id]);
    expect(residences.map((r: { houseId: number; movedOutAt: unknown }) => [Number(r.houseId), r.movedOutAt === null])).toEqual([[Number(house.id), false], [Number(other.id), true]]);
  });
});
