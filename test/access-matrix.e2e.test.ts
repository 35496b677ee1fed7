import { checkDigit, Role, type Identity } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type GraphqlResponse, type TestHub } from './src/hub';

/**
 * Issue 6, acceptance 1: every role × every operation of the community, subdistrict and complex subgraphs,
 * through the gateway. Each cell is `ok` (answered with rows), `empty` (answered, filtered to nothing) or the
 * error code of the refusal. Rows outside a caller's scope are NOT_FOUND (as if missing); FORBIDDEN is for what
 * the role may not do at all, or a change into a place it can see but does not work in.
 */
type Outcome = 'ok' | 'empty' | 'FORBIDDEN' | 'NOT_FOUND';
type Who = 'admin' | 'operator' | 'staff' | 'worker' | 'manager' | 'partner' | 'auditor';
const WHO: Who[] = ['admin', 'operator', 'staff', 'worker', 'manager', 'partner', 'auditor'];

interface Fixture {
  community: string; grid: string; otherGrid: string; person: string; otherPerson: string; building: string;
  complex: string; device: string; camera: string; event: string; otherEvent: string;
  /** One event per caller in the other community, to ACCEPT (a transition changes it). */
  toAccept: Record<Who, { id: string; version: number }>;
}

interface Operation {
  name: string;
  query: string;
  vars: (f: Fixture, who: Who) => Record<string, unknown>;
  /** Rows in the answer (ok vs empty); undefined: any answer is `ok`. */
  rows?: (data: Record<string, any>) => number; // oxlint-disable-line no-explicit-any -- shapes vary per operation
  expect: Record<Who, Outcome>;
}

const row = (admin: Outcome, operator: Outcome, staff: Outcome, worker: Outcome, manager: Outcome, partner: Outcome, auditor: Outcome): Record<Who, Outcome> =>
  ({ admin, operator, staff, worker, manager, partner, auditor });

let serial = 0;
/** A fresh valid ID number (GB 11643 check digit) for each registration. */
const idNumber = () => {
  const body = `110105198${String(serial++ % 10)}0101${String(100 + (serial % 900)).padStart(3, '0')}`;
  return body + checkDigit(body);
};
const SOURCE: Record<Who, string> = { admin: 'PATROL', operator: 'PATROL', staff: 'PATROL', worker: 'PATROL', manager: 'DEVICE', partner: 'PARTNER', auditor: 'PATROL' };

const OPERATIONS: Operation[] = [
  // community: reads
  { name: 'communities', query: '{ communities { id } }', vars: () => ({}), rows: (d) => d.communities.length, expect: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok') },
  { name: 'grids', query: '{ grids { id } }', vars: () => ({}), rows: (d) => d.grids.length, expect: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok') },
  { name: 'grid (own)', query: 'query($id: ID!) { grid(id: $id) { id name } }', vars: (f) => ({ id: f.grid }), expect: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok') },
  { name: 'grid (other community)', query: 'query($id: ID!) { grid(id: $id) { id } }', vars: (f) => ({ id: f.otherGrid }), expect: row('ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'ok', 'ok', 'ok') },
  {
    name: 'grid residents', query: 'query($id: ID!) { grid(id: $id) { residents { totalCount } } }', vars: (f) => ({ id: f.grid }),
    rows: (d) => d.grid.residents.totalCount, expect: row('ok', 'empty', 'ok', 'ok', 'empty', 'empty', 'empty'),
  },
  {
    name: 'grid workers and buildings', query: 'query($id: ID!) { grid(id: $id) { workers { id } buildings { id } } }', vars: (f) => ({ id: f.grid }),
    rows: (d) => d.grid.workers.length + d.grid.buildings.length, expect: row('ok', 'ok', 'ok', 'ok', 'empty', 'empty', 'empty'),
  },
  { name: 'persons', query: '{ persons { totalCount } }', vars: () => ({}), rows: (d) => d.persons.totalCount, expect: row('ok', 'empty', 'ok', 'ok', 'empty', 'empty', 'empty') },
  { name: 'person (in scope)', query: 'query($id: ID!) { person(id: $id) { id name } }', vars: (f) => ({ id: f.person }), expect: row('ok', 'NOT_FOUND', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND') },
  { name: 'person (other community)', query: 'query($id: ID!) { person(id: $id) { id } }', vars: (f) => ({ id: f.otherPerson }), expect: row('ok', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND') },
  { name: 'building', query: 'query($id: ID!) { building(id: $id) { id houses { id } } }', vars: (f) => ({ id: f.building }), expect: row('ok', 'ok', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND') },
  {
    name: 'community residents', query: 'query($id: ID!) { community(id: $id) { residents { totalCount } } }', vars: (f) => ({ id: f.community }),
    rows: (d) => d.community.residents.totalCount, expect: row('ok', 'empty', 'ok', 'ok', 'empty', 'empty', 'empty'),
  },
  { name: 'auditLog', query: '{ auditLog(first: 5) { totalCount } }', vars: () => ({}), expect: row('ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  // community: mutations
  {
    name: 'registerPerson (own grid)', query: 'mutation($g: ID!, $n: String!) { registerPerson(input: { name: "测试", idNumber: $n, gridId: $g }) { id } }',
    vars: (f) => ({ g: f.grid, n: idNumber() }), expect: row('ok', 'FORBIDDEN', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'registerPerson (other community grid)', query: 'mutation($g: ID!, $n: String!) { registerPerson(input: { name: "测试", idNumber: $n, gridId: $g }) { id } }',
    // Staff and grid workers cannot see a grid of another community: NOT_FOUND, like a missing one (issue 11).
    vars: (f) => ({ g: f.otherGrid, n: idNumber() }), expect: row('ok', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'recordCareVisit (in scope)', query: 'mutation($p: ID!) { recordCareVisit(input: { personId: $p, visitor: "走访人", note: "上门走访" }) { id } }',
    vars: (f) => ({ p: f.person }), expect: row('ok', 'FORBIDDEN', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'recordCareVisit (other community)', query: 'mutation($p: ID!) { recordCareVisit(input: { personId: $p, visitor: "走访人", note: "上门走访" }) { id } }',
    vars: (f) => ({ p: f.otherPerson }), expect: row('ok', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'revealPersonIdentity (in scope)', query: 'mutation($p: ID!) { revealPersonIdentity(personId: $p, purpose: "核实身份办理低保") { idNumber } }',
    vars: (f) => ({ p: f.person }), expect: row('ok', 'FORBIDDEN', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'revealPersonIdentity (other community)', query: 'mutation($p: ID!) { revealPersonIdentity(personId: $p, purpose: "核实身份办理低保") { idNumber } }',
    vars: (f) => ({ p: f.otherPerson }), expect: row('ok', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  // subdistrict
  { name: 'events', query: '{ events { totalCount } }', vars: () => ({}), rows: (d) => d.events.totalCount, expect: row('ok', 'ok', 'ok', 'ok', 'empty', 'empty', 'ok') },
  { name: 'event (own grid)', query: 'query($id: ID!) { event(id: $id) { id } }', vars: (f) => ({ id: f.event }), expect: row('ok', 'ok', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'ok') },
  { name: 'event (other community)', query: 'query($id: ID!) { event(id: $id) { id } }', vars: (f) => ({ id: f.otherEvent }), expect: row('ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'ok') },
  {
    name: 'reportEvent (own grid)',
    query: 'mutation($g: ID!, $s: EventSource!) { reportEvent(input: { title: "垃圾堆放", description: "路边垃圾", category: "ENV_GARBAGE", source: $s, gridId: $g, location: "东门", reporter: "测试" }) { id } }',
    // A complex manager reports nothing itself: DEVICE events come from the complex tier once a person confirmed them (issue 12).
    vars: (f, who) => ({ g: f.grid, s: SOURCE[who] }), expect: row('ok', 'ok', 'ok', 'ok', 'FORBIDDEN', 'ok', 'FORBIDDEN'),
  },
  {
    name: 'reportEvent (other community grid)',
    query: 'mutation($g: ID!) { reportEvent(input: { title: "垃圾堆放", description: "路边垃圾", category: "ENV_GARBAGE", source: PATROL, gridId: $g, location: "东门", reporter: "测试" }) { id } }',
    vars: (f) => ({ g: f.otherGrid }), expect: row('ok', 'ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'transitionEvent ACCEPT (other community)', query: 'mutation($id: ID!, $v: Int!) { transitionEvent(id: $id, action: ACCEPT, expectedVersion: $v) { id } }',
    vars: (f, who) => ({ id: f.toAccept[who].id, v: f.toAccept[who].version }), expect: row('ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN'),
  },
  // complex
  { name: 'complex', query: 'query($id: ID!) { complex(id: $id) { id } }', vars: (f) => ({ id: f.complex }), expect: row('ok', 'ok', 'ok', 'ok', 'ok', 'FORBIDDEN', 'ok') },
  { name: 'accessDevices', query: '{ accessDevices { totalCount } }', vars: () => ({}), rows: (d) => d.accessDevices.totalCount, expect: row('ok', 'ok', 'ok', 'ok', 'ok', 'FORBIDDEN', 'ok') },
  { name: 'accessDevice', query: 'query($id: ID!) { accessDevice(id: $id) { id } }', vars: (f) => ({ id: f.device }), expect: row('ok', 'ok', 'ok', 'ok', 'ok', 'FORBIDDEN', 'ok') },
  {
    name: 'recordFaceAlarm', query: 'mutation($c: ID!, $at: DateTimeISO!) { recordFaceAlarm(input: { cameraId: $c, occurredAt: $at, similarity: 0.9, watchEntryRef: "w:1" }) { id } }',
    vars: (f) => ({ c: f.camera, at: new Date(Date.now() - 60_000).toISOString() }), expect: row('ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'FORBIDDEN', 'FORBIDDEN'),
  },
];

describe.each(testDialects())('access matrix: role × operation through the gateway (%s)', (dialect) => {
  let t: TestHub;
  let f: Fixture;
  const tokens = {} as Record<Who, string>;
  const identities = {} as Record<Who, Identity>;

  beforeAll(async () => {
    t = await startTestHub(dialect);
    type Q = GraphqlResponse<Record<string, any>>; // oxlint-disable-line no-explicit-any -- fixture lookups
    const must = async (q: string, v?: Record<string, unknown>) => {
      const r: Q = await t.query(q, v);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!;
    };
    const cam = (await must('{ cameras(first: 1, filter: { faceRecognition: true }) { edges { node { id complex { id community { id } } } } } }')).cameras.edges[0].node;
    const community = cam.complex.community.id as string;
    const grids = (await must('query($c: ID!) { community(id: $c) { grids { id workers { id } buildings { id } } } }', { c: community })).community.grids as { id: string; workers: unknown[]; buildings: { id: string }[] }[];
    const grid = grids.find((g) => g.workers.length > 0 && g.buildings.length > 0)!;
    const all = (await must('{ grids { id community { id } } }')).grids as { id: string; community: { id: string } }[];
    const otherGrid = all.find((g) => g.community.id !== community)!.id;
    const firstPerson = async (g: string) => (await must('query($g: ID) { persons(first: 1, filter: { gridId: $g }) { edges { node { id } } } }', { g })).persons.edges[0].node.id as string;
    const device = (await must('query($x: ID) { accessDevices(first: 1, filter: { complexId: $x }) { edges { node { id } } } }', { x: cam.complex.id })).accessDevices.edges[0].node.id as string;
    const reported = async (g: string) =>
      (await must('mutation($g: ID!) { reportEvent(input: { title: "井盖破损", description: "井盖", category: "ENV_GARBAGE", source: PATROL, gridId: $g, location: "x", reporter: "管理员" }) { id version } }', { g })).reportEvent as { id: string; version: number };
    const report = async (g: string) => (await reported(g)).id;
    const toAccept = {} as Record<Who, { id: string; version: number }>;
    for (const who of WHO) toAccept[who] = await reported(otherGrid);
    f = {
      community, grid: grid.id, otherGrid, person: await firstPerson(grid.id), otherPerson: await firstPerson(otherGrid), building: grid.buildings[0]!.id,
      complex: cam.complex.id, device, camera: cam.id, event: await report(grid.id), otherEvent: await report(otherGrid), toAccept,
    };
    Object.assign(identities, {
      admin: { subject: 'admin:1', role: Role.SUBDISTRICT_ADMIN },
      operator: { subject: 'operator:1', role: Role.CENTER_OPERATOR },
      staff: { subject: 'staff:1', role: Role.COMMUNITY_STAFF, communityIds: [Number(community)] },
      worker: { subject: 'worker:1', role: Role.GRID_WORKER, gridIds: [Number(grid.id)], communityIds: [Number(community)] },
      manager: { subject: 'manager:1', role: Role.COMPLEX_MANAGER, complexIds: [Number(cam.complex.id)] },
      partner: { subject: 'partner:matrix-test', role: Role.PARTNER, agency: 'matrix-test' },
      auditor: { subject: 'auditor:1', role: Role.AUDITOR },
    } satisfies Record<Who, Identity>);
    for (const who of WHO) tokens[who] = await t.token(identities[who]);
  });
  afterAll(() => t?.stop());

  const cells = OPERATIONS.flatMap((op) => WHO.map((who) => [op.name, who, op.expect[who], op] as const));

  it.each(cells)('%s as %s → %s', async (_name, who, expected, op) => {
    const res = await t.query<Record<string, unknown>>(op.query, op.vars(f, who), tokens[who]);
    const code = res.errors?.[0]?.extensions?.code;
    const outcome = code ?? (op.rows && op.rows(res.data as Record<string, unknown>) === 0 ? 'empty' : 'ok');
    // The answer rides along so a failing cell shows what came back.
    expect({ outcome, answer: outcome === expected ? null : JSON.stringify(res.errors ?? res.data).slice(0, 400) }).toEqual({ outcome: expected, answer: null });
  });

  it("a GRID_WORKER's persons are exactly her grids' residents (compared with SQL)", async () => {
    const ids: number[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphqlResponse<{ persons: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }> = await t.query(
        'query($after: String) { persons(first: 500, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        tokens.worker,
      );
      expect(res.errors).toBeUndefined();
      ids.push(...res.data!.persons.edges.map((e) => Number(e.node.id)));
      expect(res.data!.persons.totalCount).toBeGreaterThanOrEqual(ids.length);
      if (!res.data!.persons.pageInfo.hasNextPage) break;
      after = res.data!.persons.pageInfo.endCursor;
    }
    const rows: { id: number }[] = await t.hub.subgraphs.community!.db.query('SELECT id FROM person WHERE gridId = ? ORDER BY id', [Number(f.grid)]);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(rows.map((r) => Number(r.id)));
    // Through a community and a grid she does not work in: only her grid's residents, or nothing.
    const viaCommunity = await t.query<{ community: { residents: { totalCount: number } } }>('query($c: ID!) { community(id: $c) { residents { totalCount } } }', { c: f.community }, tokens.worker);
    expect(viaCommunity.data!.community.residents.totalCount).toBe(rows.length);
  });

  it("references outside the caller's scope resolve to null with NOT_FOUND (an auditor's event → grid → residents; a manager's device → building)", async () => {
    const res = await t.query<{ event: { grid: { residents: { totalCount: number } } } }>(
      'query($id: ID!) { event(id: $id) { id grid { id name residents { totalCount } } } }',
      { id: f.event },
      tokens.auditor,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.event.grid.residents.totalCount).toBe(0);
    const devices = await t.query<{ accessDevices: { edges: { node: { id: string; building: { name: string } | null } }[] } }>(
      '{ accessDevices(first: 50) { edges { node { id building { id name } } } } }',
      {},
      tokens.manager,
    );
    // Buildings are STRUCTURE data a complex manager does not reach in the community tier: null, with NOT_FOUND.
    expect(devices.data!.accessDevices.edges.length).toBeGreaterThan(0);
    expect(devices.errors?.length).toBeGreaterThan(0);
    expect(devices.errors!.every((e) => e.extensions?.code === 'NOT_FOUND')).toBe(true);
    expect(devices.data!.accessDevices.edges.every((e) => e.node.building === null)).toBe(true);
  });
});
