import { can, Role, type Identity } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { DepartmentEntity } from '../department/department.entity';
import { SubdistrictEntity } from '../subdistrict/subdistrict.entity';
import { identities, startTestSubdistrict, type TestSubdistrict } from '../testing/subdistrict.fixture';
import { EventHistoryEntity, GridEventEntity } from './event.entity';
import { EventAction, EventStatus } from './event.enums';
import { TRANSITIONS, type Transition } from './event.machine';

const EVENT_FIELDS = 'id status version deadline overdue supervision history { action from to note actor { subject role name } }';
const REPORT = `mutation($input: ReportEventInput!) { reportEvent(input: $input) { ${EVENT_FIELDS} } }`;
const TRANSITION = `mutation($id: ID!, $action: EventAction!, $v: Int!, $note: String, $assignee: AssigneeInput) {
  transitionEvent(id: $id, action: $action, expectedVersion: $v, note: $note, assignee: $assignee) { ${EVENT_FIELDS} }
}`;

interface Ev {
  id: string;
  status: EventStatus;
  version: number;
  history: { action: string; from: string | null; to: string; note: string | null; actor: { subject: string; role: string } }[];
}

const input = (overrides: Record<string, unknown> = {}) => ({
  title: '楼道堆放杂物', description: '3 单元楼道堆放纸箱，影响消防通道', category: 'SAFETY_FIRE', priority: 'NORMAL',
  source: 'PATROL', gridId: '1', location: '海会苑 3 栋 3 单元', reporter: '网格员甲', ...overrides,
});

/** Shortest action path from REPORTED to each status, over table rows any center operator can take. */
function pathsFromTable(): Map<EventStatus, Transition[]> {
  const paths = new Map<EventStatus, Transition[]>([[EventStatus.REPORTED, []]]);
  const queue: EventStatus[] = [EventStatus.REPORTED];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of TRANSITIONS) {
      if (!t.from.includes(s) || paths.has(t.to) || t.needs?.some((n) => n !== 'assignee')) continue;
      paths.set(t.to, [...paths.get(s)!, t]);
      queue.push(t.to);
    }
  }
  return paths;
}

describe.each(testDialects())('grid-event chain (%s)', (dialect) => {
  let t: TestSubdistrict;
  let departmentId: string;
  const report = async (who: Identity, overrides: Record<string, unknown> = {}) => {
    const r = await t.ask<{ reportEvent: Ev }>(who, REPORT, { input: input(overrides) });
    if (!r.data?.reportEvent) throw new Error(JSON.stringify(r.errors));
    return r.data.reportEvent;
  };
  const act = (who: Identity, e: { id: string; version: number }, action: EventAction, extra: { note?: string; assignee?: object } = {}) =>
    t.ask<{ transitionEvent: Ev }>(who, TRANSITION, { id: e.id, action, v: e.version, ...extra });
  const must = async (who: Identity, e: { id: string; version: number }, action: EventAction, extra: { note?: string; assignee?: object } = {}) => {
    const r = await act(who, e, action, extra);
    if (!r.data?.transitionEvent) throw new Error(`${action}: ${JSON.stringify(r.errors)}`);
    return r.data.transitionEvent;
  };
  const assignTo = () => ({ assignee: { departmentId } });
  /** The stored event and its history, to compare before and after a refusal. */
  const snapshot = async (id: string) => ({
    event: await t.subgraph.db.getRepository(GridEventEntity).findOneByOrFail({ id: Number(id) }),
    history: await t.subgraph.db.getRepository(EventHistoryEntity).find({ where: { eventId: Number(id) }, order: { id: 'ASC' } }),
  });
  const counts = async () => ({
    events: await t.subgraph.db.getRepository(GridEventEntity).count(),
    history: await t.subgraph.db.getRepository(EventHistoryEntity).count(),
  });
  /** A fresh event driven to `status` along the table's shortest path. */
  const eventIn = async (status: EventStatus, reporter: Identity = identities.worker, overrides: Record<string, unknown> = {}) => {
    let e = await report(reporter, overrides);
    for (const step of pathsFromTable().get(status)!) e = await must(identities.admin, e, step.action, step.needs?.includes('assignee') ? assignTo() : {});
    expect(e.status).toBe(status);
    return e;
  };

  beforeAll(async () => {
    t = await startTestSubdistrict(dialect);
    const sub = await t.subgraph.db.getRepository(SubdistrictEntity).save({ code: '500116001', name: '几江街道', center: '几江街道综治中心', address: '几江' });
    const dept = await t.subgraph.db.getRepository(DepartmentEntity).save({ code: 'D-CG', name: '城管办', kind: 'OFFICE', subdistrictId: sub.id });
    departmentId = String(dept.id);
  });
  afterAll(() => t.stop());

  it('takes an event from report to CLOSED with one history row per step, in order, with the right actors', async () => {
    const { worker, operator, staff1 } = identities;
    let e = await report(worker);
    expect(e).toMatchObject({ status: 'REPORTED', version: 1, overdue: false, supervision: 'NONE' });
    e = await must(operator, e, EventAction.ACCEPT, { note: '受理' });
    e = await must(operator, e, EventAction.ASSIGN, assignTo());
    e = await must(worker, e, EventAction.START);
    e = await must(worker, e, EventAction.RESOLVE, { note: '已清理' });
    e = await must(staff1, e, EventAction.VERIFY);
    e = await must(operator, e, EventAction.CLOSE, { note: '已电话反馈' });
    expect(e).toMatchObject({ status: 'CLOSED', version: 7, deadline: null, overdue: false });
    expect(e.history.map((h) => [h.action, h.from, h.to, h.actor.subject, h.actor.role])).toEqual([
      ['REPORT', null, 'REPORTED', 'gw-1', 'GRID_WORKER'],
      ['ACCEPT', 'REPORTED', 'ACCEPTED', 'op-1', 'CENTER_OPERATOR'],
      ['ASSIGN', 'ACCEPTED', 'ASSIGNED', 'op-1', 'CENTER_OPERATOR'],
      ['START', 'ASSIGNED', 'IN_PROGRESS', 'gw-1', 'GRID_WORKER'],
      ['RESOLVE', 'IN_PROGRESS', 'RESOLVED', 'gw-1', 'GRID_WORKER'],
      ['VERIFY', 'RESOLVED', 'VERIFIED', 'staff-1', 'COMMUNITY_STAFF'],
      ['CLOSE', 'VERIFIED', 'CLOSED', 'op-1', 'CENTER_OPERATOR'],
    ]);
    expect(e.history.map((h) => h.note)).toEqual([null, '受理', null, null, '已清理', null, '已电话反馈']);
    const stored = await snapshot(e.id);
    expect(stored.history).toHaveLength(7);
    expect(stored.event.closedAt).toBeInstanceOf(Date);
  });

  it('returns an assignment and reopens a failed verification, versions counting every step', async () => {
    const { worker, operator } = identities;
    let e = await report(worker, { priority: 'URGENT' });
    e = await must(operator, e, EventAction.ACCEPT);
    e = await must(operator, e, EventAction.ASSIGN, { assignee: { gridWorkerId: '5' } });
    e = await must(worker, e, EventAction.RETURN, { note: '不属于本网格' });
    expect(e.status).toBe('ACCEPTED');
    e = await must(operator, e, EventAction.ASSIGN, assignTo());
    e = await must(worker, e, EventAction.START);
    e = await must(worker, e, EventAction.RESOLVE);
    e = await must(operator, e, EventAction.FAIL_VERIFICATION, { note: '现场复核未整改到位' });
    expect(e.status).toBe('IN_PROGRESS');
    e = await must(worker, e, EventAction.RESOLVE);
    e = await must(operator, e, EventAction.VERIFY);
    e = await must(operator, e, EventAction.CLOSE);
    expect(e.version).toBe(11);
    expect(e.history.map((h) => h.action)).toEqual([
      'REPORT', 'ACCEPT', 'ASSIGN', 'RETURN', 'ASSIGN', 'START', 'RESOLVE', 'FAIL_VERIFICATION', 'RESOLVE', 'VERIFY', 'CLOSE',
    ]);
    for (let i = 1; i < e.history.length; i++) expect(e.history[i]!.from).toBe(e.history[i - 1]!.to);
  });

  it('lets the reporting grid worker resolve a minor event on the spot, and no one else', async () => {
    const minor = await report(identities.worker, { priority: 'MINOR' });
    const byOther = await act(identities.otherWorker, minor, EventAction.SELF_RESOLVE);
    expect(byOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const normal = await report(identities.worker, { priority: 'NORMAL' });
    const notMinor = await act(identities.worker, normal, EventAction.SELF_RESOLVE);
    expect(notMinor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const done = await must(identities.worker, minor, EventAction.SELF_RESOLVE, { note: '现场劝导已整改' });
    expect(done).toMatchObject({ status: 'RESOLVED', version: 2 });
    expect(done.history.map((h) => [h.action, h.from, h.to, h.actor.subject])).toEqual([
      ['REPORT', null, 'REPORTED', 'gw-1'],
      ['SELF_RESOLVE', 'REPORTED', 'RESOLVED', 'gw-1'],
    ]);
  });

  it('lets exactly one of two concurrent transitions with the same expectedVersion win', async () => {
    for (let round = 0; round < 3; round++) {
      const e = await must(identities.operator, await report(identities.worker), EventAction.ACCEPT);
      const before = await snapshot(e.id);
      const results = await Promise.all([
        act(identities.operator, e, EventAction.ASSIGN, assignTo()),
        act(identities.admin, e, EventAction.ESCALATE, { note: '需区级协调' }),
      ]);
      const won = results.filter((r) => r.data?.transitionEvent);
      const lost = results.filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost.map((r) => r.errors![0]!.extensions?.code)).toEqual(['CONFLICT']);
      const after = await snapshot(e.id);
      expect(after.history).toHaveLength(before.history.length + 1);
      expect(after.event.version).toBe(e.version + 1);
      expect(after.event.status).toBe(won[0]!.data!.transitionEvent.status);
    }
  });

  it('refuses a stale expectedVersion with CONFLICT and changes nothing', async () => {
    const e = await must(identities.operator, await report(identities.worker), EventAction.ACCEPT);
    const before = await snapshot(e.id);
    const r = await act(identities.operator, { id: e.id, version: e.version - 1 }, EventAction.ASSIGN, assignTo());
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await snapshot(e.id)).toEqual(before);
  });

  describe('every action from every state that does not allow it', () => {
    const events = new Map<EventStatus, Ev>();
    beforeAll(async () => {
      for (const status of Object.values(EventStatus)) events.set(status, await eventIn(status, identities.worker, { priority: 'MINOR' }));
    });
    const illegal = Object.values(EventStatus).flatMap((status) =>
      TRANSITIONS.filter((row) => !row.from.includes(status)).map((row) => [row.action, status] as const),
    );

    it('covers the whole table', () => {
      expect(illegal.length + TRANSITIONS.reduce((n, row) => n + row.from.length, 0)).toBe(TRANSITIONS.length * Object.values(EventStatus).length);
    });

    it.each(illegal)('%s from %s is BAD_USER_INPUT and leaves event and history unchanged', async (action, status) => {
      const e = events.get(status)!;
      const before = await snapshot(e.id);
      // The reporting grid worker for SELF_RESOLVE (its only role), the administrator for everything else.
      const who = action === EventAction.SELF_RESOLVE ? identities.worker : identities.admin;
      const r = await act(who, e, action, action === EventAction.ASSIGN ? assignTo() : {});
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await snapshot(e.id)).toEqual(before);
    });
  });

  describe('roles the table does not list', () => {
    const byRole: Record<Role, Identity> = {
      [Role.SUBDISTRICT_ADMIN]: identities.admin, [Role.CENTER_OPERATOR]: identities.operator, [Role.COMMUNITY_STAFF]: identities.staff1,
      [Role.GRID_WORKER]: identities.otherWorker, [Role.COMPLEX_MANAGER]: identities.complex, [Role.PARTNER]: identities.partner,
      [Role.AUDITOR]: identities.auditor, [Role.VENDOR]: { subject: 'vendor-1', role: Role.VENDOR, subgraphs: ['acme'] },
      // A service identity that declared no grants (services get only the calls their subgraph makes).
      [Role.SERVICE]: { subject: 'service:unknown', role: Role.SERVICE },
    };
    const refusals = TRANSITIONS.flatMap((row) =>
      Object.values(Role).filter((role) => !can(byRole[role], row.kitAction)).map((role) => [row.action, role, row] as const),
    );
    it.each(refusals)('%s by %s is refused and changes nothing', async (action, role, row) => {
      const e = await eventIn(row.from[0]!, identities.worker, { priority: 'MINOR' });
      const before = await snapshot(e.id);
      const r = await act(byRole[role], e, action, action === EventAction.ASSIGN ? assignTo() : {});
      // Roles that cannot even see the event (partners, complex managers: own reports only; vendors) are told it does not exist.
      const expected = role === Role.PARTNER || role === Role.COMPLEX_MANAGER || role === Role.VENDOR || role === Role.SERVICE ? 'NOT_FOUND' : 'FORBIDDEN';
      expect(r.errors?.[0]?.extensions?.code).toBe(expected);
      expect(await snapshot(e.id)).toEqual(before);
    });

    it('keeps staff and grid workers to their own communities and grids', async () => {
      const e = await report(identities.worker);
      for (const who of [identities.staff2, identities.farWorker]) {
        const r = await act(who, e, EventAction.ACCEPT);
        expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      const r = await t.ask(identities.farWorker, REPORT, { input: input({ gridId: '1' }) });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('reporting', () => {
    it('refuses an unknown or retired grid and writes nothing, without asking the community tier per report', async () => {
      await report(identities.operator, { source: 'CITIZEN', channel: 'HOTLINE', gridId: '3' });
      const fetched = t.fetches();
      const before = await counts();
      const unknown = await t.ask(identities.operator, REPORT, { input: input({ gridId: '777' }) });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const retired = await t.ask(identities.operator, REPORT, { input: input({ gridId: '99' }) });
      expect(retired.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await counts()).toEqual(before);
      for (let i = 0; i < 5; i++) await report(identities.operator, { gridId: String(6 + i) });
      // The list was fetched once for all of these; the unknown id refreshes it at most once (not within 10 s).
      expect(t.fetches() - fetched).toBeLessThanOrEqual(1);
    });

    it('validates the input before writing anything', async () => {
      const before = await counts();
      const cases: [Identity, Record<string, unknown>, string][] = [
        [identities.operator, { category: 'NO_SUCH' }, 'BAD_USER_INPUT'],
        [identities.operator, { source: 'CITIZEN' }, 'BAD_USER_INPUT'],
        [identities.operator, { channel: 'HOTLINE' }, 'BAD_USER_INPUT'],
        [identities.operator, { title: '  ' }, 'BAD_USER_INPUT'],
        [identities.partner, { source: 'PATROL' }, 'FORBIDDEN'],
        [identities.auditor, {}, 'FORBIDDEN'],
      ];
      for (const [who, overrides, code] of cases) {
        const r = await t.ask(who, REPORT, { input: input(overrides) });
        expect([overrides, r.errors?.[0]?.extensions?.code]).toEqual([overrides, code]);
      }
      expect(await counts()).toEqual(before);
    });

    it('returns the first event for a repeated partner report (same externalRef), also under concurrent retries', async () => {
      const hazard = input({ source: 'PARTNER', category: 'INFRA_TREE_HAZARD', reporter: '国网供电公司', externalRef: 'TH-2025-0042', title: '10kV 线路树障' });
      const before = await counts();
      const results = await Promise.all([1, 2, 3].map(() => t.ask<{ reportEvent: Ev }>(identities.partner, REPORT, { input: hazard })));
      const ids = new Set(results.map((r) => r.data?.reportEvent.id));
      expect(ids.size).toBe(1);
      expect([...ids][0]).toBeDefined();
      expect(await counts()).toEqual({ events: before.events + 1, history: before.history + 1 });
      const again = await t.ask<{ reportEvent: Ev }>(identities.partner, REPORT, { input: hazard });
      expect(again.data?.reportEvent.id).toBe([...ids][0]);
      // Keys belong to their reporter: the same key from another identity is another report.
      const other = await t.ask<{ reportEvent: Ev }>(identities.admin, REPORT, { input: hazard });
      expect(other.data?.reportEvent.id).not.toBe([...ids][0]);
      // The reporter reusing its own key for another source: CONFLICT, nothing written, no event id told.
      const mid = await counts();
      const reused = await t.ask(identities.partner, REPORT, { input: { ...hazard, source: 'CITIZEN', channel: 'HOTLINE' } });
      expect(reused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // a partner reports PARTNER events only
      const adminReused = await t.ask(identities.admin, REPORT, { input: { ...hazard, source: 'CITIZEN', channel: 'HOTLINE' } });
      expect(adminReused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(adminReused.errors?.[0]?.message).not.toMatch(/event \d/);
      expect(await counts()).toEqual(mid);
    });
  });
});
