import { reserveKeyNamespace, Role, type Identity } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import type { GraphqlResult } from '@gridhub/kit/testing';

type GqlResult<T = Record<string, unknown>> = GraphqlResult<T>;
import { identities, startTestSubdistrict, type TestSubdistrict } from '../testing/subdistrict.fixture';
import { EventHistoryEntity, GridEventEntity } from './event.entity';

/**
 * Issue 11's findings on the subdistrict, each against the rows in SQL: reporting into a grid outside the caller's
 * write scope, `_entities` of a GridEvent, `Grid.events` counts and governance statistics outside the caller's scope.
 */
const REPORT = 'mutation($input: ReportEventInput!) { reportEvent(input: $input) { id version } }';
const TRANSITION = 'mutation($id: ID!, $action: EventAction!, $v: Int!) { transitionEvent(id: $id, action: $action, expectedVersion: $v) { id version status } }';
const ENTITIES = 'query($reps: [_Any!]!) { events: _entities(representations: $reps) { ... on GridEvent { id title history { action } } } }';
const GRID_COUNT = 'query($reps: [_Any!]!) { grids: _entities(representations: $reps) { ... on Grid { id events(first: 0) { totalCount edges { node { id } } } } } }';
const GRID_PAGE = 'query($reps: [_Any!]!) { grids: _entities(representations: $reps) { ... on Grid { id events(first: 50) { totalCount edges { node { id } } } } } }';
const STATS = `query($from: DateTimeISO!, $to: DateTimeISO!) { governanceStats(from: $from, to: $to) {
  total closed overdue byStatus { key count } bySource { key count } byCommunity { communityId count } byGrid { gridId count open overdue }
} }`;

const secondPartner: Identity = { subject: 'powergrid-2', role: identities.partner.role, agency: 'Other Grid Co' };

const input = (overrides: Record<string, unknown> = {}) => ({
  title: '事件', description: '说明', category: 'SAFETY_FIRE', priority: 'NORMAL', source: 'PATROL', gridId: '1', location: '某处', reporter: '测试',
  ...overrides,
});

interface Stats {
  total: number;
  closed: number;
  overdue: number;
  byStatus: { key: string; count: number }[];
  bySource: { key: string; count: number }[];
  byCommunity: { communityId: string; count: number }[];
  byGrid: { gridId: string; count: number; open: number; overdue: number }[];
}

describe.each(testDialects())('scoped access to grid events (%s)', (dialect) => {
  let t: TestSubdistrict;
  const report = async (who: Identity, overrides: Record<string, unknown> = {}) => {
    const r = await t.ask<{ reportEvent: { id: string; version: number } }>(who, REPORT, { input: input(overrides) });
    if (!r.data?.reportEvent) throw new Error(JSON.stringify(r.errors));
    return r.data.reportEvent;
  };
  const rows = () => t.subgraph.db.getRepository(GridEventEntity).find();
  const counts = async () => ({ events: await t.subgraph.db.getRepository(GridEventEntity).count(), history: await t.subgraph.db.getRepository(EventHistoryEntity).count() });
  const code = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    t = await startTestSubdistrict(dialect);
    // Events in every grid of both communities, by the centre, a grid worker, two partners; some moved along.
    for (let grid = 1; grid <= 10; grid++) {
      await report(identities.operator, { gridId: String(grid), source: grid % 2 ? 'PATROL' : 'DEVICE' });
      await report(identities.partner, { gridId: String(grid), source: 'PARTNER', category: 'INFRA_TREE_HAZARD', externalRef: `P1-${grid}` });
    }
    await report(identities.worker, { gridId: '2' });
    await report(secondPartner, { gridId: '1', source: 'PARTNER', category: 'INFRA_TREE_HAZARD', externalRef: 'P2-1' });
    for (const e of (await rows()).filter((r) => r.gridId % 3 === 0)) {
      await t.ask(identities.admin, TRANSITION, { id: String(e.id), action: 'ACCEPT', v: e.version });
    }
  });
  afterAll(() => t.stop());

  describe('reportEvent', () => {
    it('refuses a COMPLEX_MANAGER reporting DEVICE events into any grid (it may report nothing itself), and writes nothing', async () => {
      const before = await counts();
      for (const gridId of ['1', '6']) {
        const r = await t.ask(identities.complex, REPORT, { input: input({ source: 'DEVICE', gridId }) });
        expect([gridId, code(r)]).toEqual([gridId, 'FORBIDDEN']);
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses community staff and grid workers a grid outside their write scope; partners and the centre report anywhere', async () => {
      const before = await counts();
      expect(code(await t.ask(identities.staff1, REPORT, { input: input({ gridId: '6' }) }))).toBe('FORBIDDEN');
      expect(code(await t.ask(identities.staff2, REPORT, { input: input({ source: 'DEVICE', gridId: '1' }) }))).toBe('FORBIDDEN');
      expect(code(await t.ask(identities.farWorker, REPORT, { input: input({ gridId: '2' }) }))).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
      expect((await t.ask(identities.staff1, REPORT, { input: input({ gridId: '4', source: 'DEVICE' }) })).errors).toBeUndefined();
      expect((await t.ask(identities.farWorker, REPORT, { input: input({ gridId: '6' }) })).errors).toBeUndefined();
    });

    it('keeps idempotency keys per reporter: another partner reusing a key gets an event of its own and learns nothing of the first', async () => {
      const [first] = (await rows()).filter((r) => r.externalRef === 'P1-3');
      const before = await counts();
      const r = await t.ask<{ reportEvent: { id: string } }>(secondPartner, REPORT, { input: input({ source: 'PARTNER', category: 'INFRA_TREE_HAZARD', gridId: '3', externalRef: 'P1-3' }) });
      expect(r.errors).toBeUndefined();
      expect(r.data!.reportEvent.id).not.toBe(String(first!.id));
      expect(await counts()).toEqual({ events: before.events + 1, history: before.history + 1 });
      // The first reporter's retry still finds its own event, not the squatter's.
      const again = await t.ask<{ reportEvent: { id: string } }>(identities.partner, REPORT, { input: input({ source: 'PARTNER', category: 'INFRA_TREE_HAZARD', gridId: '3', externalRef: 'P1-3' }) });
      expect(again.data!.reportEvent.id).toBe(String(first!.id));
    });

    it("refuses keys of a service's namespace to every other identity (FORBIDDEN, nothing written); the service itself reports with them", async () => {
      reserveKeyNamespace('complex', 'service:complex');
      const service: Identity = { subject: 'service:complex', role: Role.SUBDISTRICT_ADMIN };
      const alarm = { source: 'DEVICE', category: 'PUBLIC_SECURITY_HAZARD', gridId: '4', externalRef: 'complex:face-alarm:77' };
      const before = await counts();
      for (const squatter of [identities.partner, identities.operator, identities.staff1, { subject: 'service:powergrid', role: Role.SUBDISTRICT_ADMIN }]) {
        const r = await t.ask(squatter, REPORT, { input: input({ ...alarm, source: squatter.role === Role.PARTNER ? 'PARTNER' : 'DEVICE' }) });
        expect([squatter.subject, code(r), r.errors?.[0]?.extensions?.rule]).toEqual([squatter.subject, 'FORBIDDEN', 'reservedKey']);
        // Case does not get around it.
        const upper = await t.ask(squatter, REPORT, { input: input({ ...alarm, source: squatter.role === Role.PARTNER ? 'PARTNER' : 'DEVICE', externalRef: 'COMPLEX:face-alarm:77' }) });
        expect(code(upper)).toBe('FORBIDDEN');
      }
      expect(await counts()).toEqual(before);
      const own = await t.ask<{ reportEvent: { id: string } }>(service, REPORT, { input: input(alarm) });
      expect(own.errors).toBeUndefined();
      const repeat = await t.ask<{ reportEvent: { id: string } }>(service, REPORT, { input: input(alarm) });
      expect(repeat.data!.reportEvent.id).toBe(own.data!.reportEvent.id);
    });
  });

  describe('foreign ids in inputs (issue 12, item 5): checked to exist and to be in scope, no write otherwise', () => {
    const ASSIGN = 'mutation($id: ID!, $v: Int!, $a: AssigneeInput) { transitionEvent(id: $id, action: ASSIGN, expectedVersion: $v, assignee: $a) { id version status } }';
    const accepted = async () => {
      const e = await report(identities.worker, { gridId: '1' });
      const r = await t.ask<{ transitionEvent: { id: string; version: number } }>(identities.operator, TRANSITION, { id: e.id, action: 'ACCEPT', v: e.version });
      return r.data!.transitionEvent;
    };

    it('refuses to ASSIGN to a grid worker that does not exist or works in another community (the same NOT_FOUND), or to an unknown department', async () => {
      const e = await accepted();
      const before = await counts();
      const cases: [Record<string, string>, string][] = [
        [{ gridWorkerId: '999' }, 'NOT_FOUND'], // nobody
        [{ gridWorkerId: '6' }, 'NOT_FOUND'], // a worker of community 2; the event is in community 1
        [{ departmentId: '999' }, 'NOT_FOUND'],
        [{ gridWorkerId: '-3' }, 'BAD_USER_INPUT'],
      ];
      for (const [assignee, expected] of cases) {
        for (const who of [identities.operator, identities.staff1, identities.admin]) {
          const r = await t.ask(who, ASSIGN, { id: e.id, v: e.version, a: assignee });
          expect([assignee, who.subject, code(r)]).toEqual([assignee, who.subject, expected]);
        }
      }
      expect(await counts()).toEqual(before);
      const stored = await t.subgraph.db.getRepository(GridEventEntity).findOneByOrFail({ id: Number(e.id) });
      expect(stored).toMatchObject({ status: 'ACCEPTED', version: e.version, assignedWorkerId: null, assignedDepartmentId: null });
      // A worker of the event's community is taken.
      const ok = await t.ask<{ transitionEvent: { status: string } }>(identities.staff1, ASSIGN, { id: e.id, v: e.version, a: { gridWorkerId: '3' } });
      expect(ok.data?.transitionEvent.status).toBe('ASSIGNED');
    });

    it('lets no complex manager report DEVICE events into grids outside its complexes (device events come through the complex service)', async () => {
      const before = await counts();
      for (const gridId of ['1', '6', '9']) {
        const r = await t.ask(identities.complex, REPORT, { input: input({ gridId, source: 'DEVICE', externalRef: `cm-device-${gridId}` }) });
        expect([gridId, code(r)]).toEqual([gridId, 'FORBIDDEN']);
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('transitionEvent and allowedActions', () => {
    const ALLOWED = 'query($id: ID!) { event(id: $id) { allowedActions } }';
    it('loads the event as a writable row: NOT_FOUND outside the read scope, FORBIDDEN for a reader that may not change it', async () => {
      const e = await report(identities.worker, { gridId: '1', priority: 'MINOR' });
      const before = await counts();
      const act = (who: Identity, action: string) => t.ask(who, TRANSITION, { id: e.id, action, v: e.version });
      expect(code(await act(identities.staff2, 'ACCEPT'))).toBe('NOT_FOUND');
      expect(code(await act(identities.farWorker, 'START'))).toBe('NOT_FOUND');
      expect(code(await act(identities.partner, 'ACCEPT'))).toBe('NOT_FOUND');
      expect(code(await act(identities.auditor, 'ACCEPT'))).toBe('FORBIDDEN');
      expect(code(await act(identities.otherWorker, 'ACCEPT'))).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
      const allowed = async (who: Identity) => (await t.ask<{ event: { allowedActions: string[] } }>(who, ALLOWED, { id: e.id })).data?.event?.allowedActions;
      expect(await allowed(identities.auditor)).toEqual([]);
      expect(await allowed(identities.worker)).toEqual(['SELF_RESOLVE']);
      expect(await allowed(identities.otherWorker)).toEqual([]);
      expect(await allowed(identities.staff1)).toEqual(['ACCEPT', 'REJECT']);
      expect(await allowed(identities.staff2)).toBeUndefined();
    });
  });

  describe('_entities of GridEvent', () => {
    it('is NOT_FOUND for a partner asking for an event it did not report, and resolves its own', async () => {
      const all = await rows();
      const notMine = all.find((e) => e.reporterSubject !== identities.partner.subject)!;
      const mine = all.find((e) => e.reporterSubject === identities.partner.subject)!;
      const refused = await t.ask(identities.partner, ENTITIES, { reps: [{ __typename: 'GridEvent', id: String(notMine.id) }] });
      expect(code(refused)).toBe('NOT_FOUND');
      expect(JSON.stringify(refused.data ?? null)).not.toContain(notMine.title);
      const own = await t.ask<{ events: { id: string; history: unknown[] }[] }>(identities.partner, ENTITIES, { reps: [{ __typename: 'GridEvent', id: String(mine.id) }] });
      expect(own.errors).toBeUndefined();
      expect(own.data!.events[0]).toMatchObject({ id: String(mine.id), history: [{ action: 'REPORT' }] });
    });

    it('is NOT_FOUND for a grid worker asking for an event of another grid, and for community staff of another community', async () => {
      const all = await rows();
      const grid6 = all.find((e) => e.gridId === 6)!;
      const grid1 = all.find((e) => e.gridId === 1)!;
      expect(code(await t.ask(identities.worker, ENTITIES, { reps: [{ __typename: 'GridEvent', id: String(grid6.id) }] }))).toBe('NOT_FOUND');
      expect(code(await t.ask(identities.staff2, ENTITIES, { reps: [{ __typename: 'GridEvent', id: String(grid1.id) }] }))).toBe('NOT_FOUND');
      expect(code(await t.ask(identities.complex, ENTITIES, { reps: [{ __typename: 'GridEvent', id: String(grid1.id) }] }))).toBe('NOT_FOUND');
      const inGrid = await t.ask(identities.worker, ENTITIES, { reps: [{ __typename: 'GridEvent', id: String(grid1.id) }] });
      expect(inGrid.errors).toBeUndefined();
    });
  });

  describe('Grid.events', () => {
    const gridEvents = async (who: Identity, gridId: number, query = GRID_COUNT) => {
      const r = await t.ask<{ grids: { events: { totalCount: number; edges: { node: { id: string } }[] } }[] }>(who, query, {
        reps: [{ __typename: 'Grid', id: String(gridId) }],
      });
      expect(r.errors).toBeUndefined();
      return r.data!.grids[0]!.events;
    };

    it('counts only events in the caller\'s scope: another grid\'s count is 0 for a grid worker, a partner counts its own reports', async () => {
      const all = await rows();
      const inGrid = (g: number) => all.filter((e) => e.gridId === g);
      expect(inGrid(6).length).toBeGreaterThan(0);
      expect((await gridEvents(identities.worker, 6)).totalCount).toBe(0);
      expect((await gridEvents(identities.staff1, 6)).totalCount).toBe(0);
      expect((await gridEvents(identities.worker, 2)).totalCount).toBe(inGrid(2).length);
      expect((await gridEvents(identities.admin, 6)).totalCount).toBe(inGrid(6).length);
      for (const g of [1, 6]) {
        const own = inGrid(g).filter((e) => e.reporterSubject === identities.partner.subject);
        expect([g, (await gridEvents(identities.partner, g)).totalCount]).toEqual([g, own.length]);
        const page = await gridEvents(identities.partner, g, GRID_PAGE);
        expect(page.edges.map((e) => Number(e.node.id)).sort()).toEqual(own.map((e) => e.id).sort());
      }
      // A complex manager reported nothing: it sees no grid's events.
      expect((await gridEvents(identities.complex, 1)).totalCount).toBe(0);
    });

    it('filters by status within the scope, counting in SQL', async () => {
      const accepted = (await rows()).filter((e) => e.gridId === 3 && e.status === 'ACCEPTED');
      const r = await t.ask<{ grids: { events: { totalCount: number } }[] }>(identities.staff1, '{ grids: _entities(representations: [{ __typename: "Grid", id: "3" }]) { ... on Grid { events(status: ACCEPTED, first: 0) { totalCount } } } }');
      expect(r.data!.grids[0]!.events.totalCount).toBe(accepted.length);
      expect(accepted.length).toBeGreaterThan(0);
    });
  });

  describe('governanceStats', () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const stats = async (who: Identity) => t.ask<{ governanceStats: Stats }>(who, STATS, { from, to });
    const expected = (events: GridEventEntity[]) => {
      const tally = (key: (e: GridEventEntity) => string) => {
        const m: Record<string, number> = {};
        for (const e of events) m[key(e)] = (m[key(e)] ?? 0) + 1;
        return m;
      };
      return { total: events.length, byStatus: tally((e) => e.status), byCommunity: tally((e) => String(e.communityId)), byGrid: tally((e) => String(e.gridId)) };
    };
    const asMap = (list: { key?: string; communityId?: string; gridId?: string; count: number }[]) =>
      Object.fromEntries(list.map((x) => [x.key ?? x.communityId ?? x.gridId, x.count]));

    it.each([
      ['community staff of community 1', identities.staff1, (e: GridEventEntity) => e.communityId === 1],
      ['community staff of community 2', identities.staff2, (e: GridEventEntity) => e.communityId === 2],
      ['a grid worker of grids 1 and 2', identities.worker, (e: GridEventEntity) => [1, 2].includes(e.gridId)],
      ['the administrator', identities.admin, () => true],
    ] as const)('gives %s the figures of its scope, equal to SQL', async (_, who, inScope) => {
      const before = t.subgraph.sql.total;
      const r = await stats(who);
      expect(t.subgraph.sql.total - before).toBe(4);
      expect(r.errors).toBeUndefined();
      const s = r.data!.governanceStats;
      const want = expected((await rows()).filter(inScope));
      expect(s.total).toBe(want.total);
      expect(asMap(s.byStatus)).toEqual(want.byStatus);
      expect(asMap(s.byCommunity)).toEqual(want.byCommunity);
      expect(asMap(s.byGrid)).toEqual(want.byGrid);
    });

    it('is FORBIDDEN for partners and complex managers (the stats.read action)', async () => {
      for (const who of [identities.partner, identities.complex]) expect(code(await stats(who))).toBe('FORBIDDEN');
    });
  });
});
