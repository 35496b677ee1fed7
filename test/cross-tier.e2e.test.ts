import { Role } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type TestHub } from './src/hub';

interface EventNode {
  id: string;
  status: string;
  version: number;
}

/** Issues 2, 3 and 4: queries and mutations that cross tiers through the real gateway over the seeded hub. */
describe.each(testDialects())('cross-tier through the gateway (%s)', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(dialect);
  });
  afterAll(() => t?.stop());

  it('resolves 100 Person references in one request with at most 2 statements in the community subgraph', async () => {
    let persons = 0;
    const counts = await t.countSql(async () => {
      const res = await t.query<{ accessDevices: { edges: { node: { accessRecords: { edges: { node: { person: { id: string; name: string } | null } }[] } } }[] } }>(
        '{ accessDevices(first: 100) { edges { node { accessRecords(first: 2) { edges { node { person { id name idNumber } } } } } } } }',
      );
      expect(res.errors).toBeUndefined();
      const refs = res.data!.accessDevices.edges.flatMap((d) => d.node.accessRecords.edges.map((r) => r.node.person)).filter(Boolean);
      persons = refs.length;
    });
    expect(persons).toBeGreaterThanOrEqual(100);
    expect(counts.community).toBeLessThanOrEqual(2);
  });

  it('events → grid → community → residents → last door access, with bounded statements in every subgraph', async () => {
    type Res = {
      events: {
        edges: { node: { grid: { id: string; community: { name: string }; residents: { edges: { node: { id: string; grid: { id: string }; lastAccess: { deviceTime: string } | null } }[] } } } }[];
      };
    };
    let res!: Res;
    const counts = await t.countSql(async () => {
      const r = await t.query<Res>(
        '{ events(first: 100) { edges { node { id title grid { id community { name } residents(first: 3) { edges { node { id name grid { id } lastAccess { deviceTime } } } } } } } } }',
      );
      expect(r.errors).toBeUndefined();
      res = r.data!;
    });
    const events = res.events.edges;
    expect(events).toHaveLength(100);
    for (const { node } of events) {
      expect(node.grid.community.name).toBeTruthy();
      for (const r of node.grid.residents.edges) expect(r.node.grid.id).toBe(node.grid.id);
    }
    expect(events.some((e) => e.node.grid.residents.edges.some((r) => r.node.lastAccess))).toBe(true);
    // Independent of the 100 events and their 300 residents: a handful of batched statements per subgraph.
    expect(counts.subdistrict).toBeLessThanOrEqual(3);
    expect(counts.community).toBeLessThanOrEqual(4);
    expect(counts.complex).toBeLessThanOrEqual(3);
  });

  it('person → house → building → access devices, and the newest door records', async () => {
    const withHouse = await t.query<{ persons: { edges: { node: { id: string } }[] } }>('{ persons(first: 50, filter: { withoutHouse: false }) { edges { node { id } } } }');
    const ids = withHouse.data!.persons.edges.map((e) => e.node.id);
    const counts = await t.countSql(async () => {
      for (const id of ids.slice(0, 1)) {
        const res = await t.query<{ person: { house: { building: { accessDevices: unknown[] } }; accessRecords: { edges: unknown[] } } }>(
          'query($id: ID!) { person(id: $id) { name house { building { name accessDevices { id kind online } } } accessRecords(first: 5) { totalCount edges { node { deviceTime direction device { id } } } } } }',
          { id },
        );
        expect(res.errors).toBeUndefined();
        expect(Array.isArray(res.data!.person.house.building.accessDevices)).toBe(true);
      }
    });
    expect(counts.complex).toBeGreaterThan(0);
    const many = await t.countSql(() =>
      t.query('{ persons(first: 50, filter: { withoutHouse: false }) { edges { node { id accessRecords(first: 5) { totalCount edges { node { deviceTime } } } } } } }'),
    );
    expect(many.complex).toBeLessThanOrEqual(6);
  });

  describe('the grid-event chain', () => {
    let gridId: string;
    let workerId: string;
    let communityId: string;
    const tokens: Record<string, string> = {};
    const transition = (id: string, action: string, version: number, as: string, extra: Record<string, unknown> = {}) =>
      t.query<{ transitionEvent: EventNode }>(
        'mutation($id: ID!, $a: EventAction!, $v: Int!, $n: String, $as: AssigneeInput) { transitionEvent(id: $id, action: $a, expectedVersion: $v, note: $n, assignee: $as) { id status version } }',
        { id, a: action, v: version, n: `${action} note`, ...extra },
        as,
      );

    beforeAll(async () => {
      const g = await t.query<{ grids: { id: string; community: { id: string }; workers: { id: string }[] }[] }>('{ grids { id community { id } workers { id } } }');
      const grid = g.data!.grids.find((x) => x.workers.length > 0)!;
      gridId = grid.id;
      communityId = grid.community.id;
      workerId = grid.workers[0]!.id;
      tokens.worker = await t.token({ subject: `worker:${workerId}`, role: Role.GRID_WORKER, name: '网格员甲', gridIds: [Number(gridId)], communityIds: [Number(communityId)] });
      tokens.operator = await t.token({ subject: 'operator:1', role: Role.CENTER_OPERATOR, name: '综治中心值班员' });
      tokens.staff = await t.token({ subject: 'staff:1', role: Role.COMMUNITY_STAFF, name: '社区工作人员', communityIds: [Number(communityId)] });
    });

    it('report → accept → assign → start → resolve → verify → close leaves one history row per step, in order, with the actors', async () => {
      const reported = await t.query<{ reportEvent: EventNode }>(
        'mutation($g: ID!) { reportEvent(input: { title: "楼道堆放杂物", description: "3栋2单元楼道堆放纸箱", category: "SAFETY_FIRE", source: PATROL, gridId: $g, location: "3栋2单元", reporter: "网格员甲" }) { id status version } }',
        { g: gridId },
        tokens.worker,
      );
      expect(reported.errors).toBeUndefined();
      let e = reported.data!.reportEvent;
      const steps: [string, string, Record<string, unknown>?][] = [
        ['ACCEPT', 'operator'],
        ['ASSIGN', 'operator', { as: { gridWorkerId: workerId } }],
        ['START', 'worker'],
        ['RESOLVE', 'worker'],
        ['VERIFY', 'staff'],
        ['CLOSE', 'staff'],
      ];
      for (const [action, who, extra] of steps) {
        const res = await transition(e.id, action, e.version, tokens[who]!, extra);
        expect(res.errors).toBeUndefined();
        e = res.data!.transitionEvent;
      }
      expect(e.status).toBe('CLOSED');
      const history = await t.query<{ event: { history: { action: string; from: string | null; to: string; actor: { subject: string; role: string } }[] } }>(
        'query($id: ID!) { event(id: $id) { history { action from to actor { subject role } } } }',
        { id: e.id },
      );
      expect(history.data!.event.history.map((h) => [h.action, h.from, h.to, h.actor.role])).toEqual([
        ['REPORT', null, 'REPORTED', 'GRID_WORKER'],
        ['ACCEPT', 'REPORTED', 'ACCEPTED', 'CENTER_OPERATOR'],
        ['ASSIGN', 'ACCEPTED', 'ASSIGNED', 'CENTER_OPERATOR'],
        ['START', 'ASSIGNED', 'IN_PROGRESS', 'GRID_WORKER'],
        ['RESOLVE', 'IN_PROGRESS', 'RESOLVED', 'GRID_WORKER'],
        ['VERIFY', 'RESOLVED', 'VERIFIED', 'COMMUNITY_STAFF'],
        ['CLOSE', 'VERIFIED', 'CLOSED', 'COMMUNITY_STAFF'],
      ]);
      expect(history.data!.event.history[0]!.actor.subject).toBe(`worker:${workerId}`);
    });

    it('two concurrent transitions with one expectedVersion: one wins, the other is a CONFLICT, one history row', async () => {
      const r = await t.query<{ reportEvent: EventNode }>(
        'mutation($g: ID!) { reportEvent(input: { title: "路灯不亮", description: "东门路灯", category: "INFRA_STREETLIGHT", source: PATROL, gridId: $g, location: "东门", reporter: "网格员甲" }) { id status version } }',
        { g: gridId },
        tokens.worker,
      );
      const e = r.data!.reportEvent;
      const [a, b] = await Promise.all([transition(e.id, 'ACCEPT', e.version, tokens.operator!), transition(e.id, 'REJECT', e.version, tokens.operator!)]);
      const codes = [a, b].map((x) => x.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      const h = await t.query<{ event: { history: unknown[] } }>('query($id: ID!) { event(id: $id) { history { action } } }', { id: e.id });
      expect(h.data!.event.history).toHaveLength(2);
    });

    it('refuses a report into an unknown grid and writes nothing', async () => {
      const before = await t.query<{ events: { totalCount: number } }>('{ events { totalCount } }');
      const res = await t.query('{ __typename }');
      expect(res.errors).toBeUndefined();
      const bad = await t.query(
        'mutation { reportEvent(input: { title: "x", description: "x", category: "ENV_GARBAGE", source: PATROL, gridId: "999999", location: "x", reporter: "x" }) { id } }',
        {},
        tokens.operator,
      );
      expect(bad.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const after = await t.query<{ events: { totalCount: number } }>('{ events { totalCount } }');
      expect(after.data!.events.totalCount).toBe(before.data!.events.totalCount);
    });

    it('a confirmed face alarm raises exactly one DEVICE event in the subdistrict subgraph, even when confirmation is retried', async () => {
      const cams = await t.query<{ cameras: { edges: { node: { id: string } }[] } }>('{ cameras(first: 1, filter: { faceRecognition: true }) { edges { node { id } } } }');
      expect(cams.errors).toBeUndefined();
      const cameraId = cams.data!.cameras.edges[0]!.node.id;
      const alarm = await t.query<{ recordFaceAlarm: { id: string } }>(
        'mutation($c: ID!, $at: DateTimeISO!) { recordFaceAlarm(input: { cameraId: $c, occurredAt: $at, similarity: 0.93, watchEntryRef: "watch:42" }) { id } }',
        { c: cameraId, at: new Date(Date.now() - 60_000).toISOString() },
      );
      expect(alarm.errors).toBeUndefined();
      const id = alarm.data!.recordFaceAlarm.id;
      const before = await t.query<{ events: { totalCount: number } }>('{ events(filter: { source: DEVICE }) { totalCount } }');
      const confirms = await Promise.all([1, 2, 3].map(() => t.query('mutation($id: ID!) { confirmFaceAlarm(id: $id, note: "核实") { status } }', { id })));
      expect(confirms.filter((c) => !c.errors).length).toBeGreaterThanOrEqual(1);
      await t.query('mutation($id: ID!) { confirmFaceAlarm(id: $id) { status } }', { id });
      const after = await t.query<{ events: { totalCount: number } }>('{ events(filter: { source: DEVICE }) { totalCount } }');
      expect(after.data!.events.totalCount).toBe(before.data!.events.totalCount + 1);
    });
  });
});
