import type { Identity } from '@gridhub/kit';
import { testDialects, type GraphqlResult } from '@gridhub/kit/testing';
import { identities, startTestSubdistrict, type TestSubdistrict } from '../testing/subdistrict.fixture';
import { GridEventEntity } from './event.entity';

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string; reportedAt: string; status: string; grid: { id: string }; history: { action: string }[] } }[];
}
interface GridEvents {
  grids: { id: string; events: Page }[];
}
interface Category {
  code: string;
  children: { code: string }[];
}

const REPORT = 'mutation($input: ReportEventInput!) { reportEvent(input: $input) { id version } }';
const N = 120;

describe.each(testDialects())('listing events (%s)', (dialect) => {
  let t: TestSubdistrict;

  beforeAll(async () => {
    t = await startTestSubdistrict(dialect);
    const categories = ['DISPUTE_LAND', 'ENV_GARBAGE', 'INFRA_TREE_HAZARD', 'SAFETY_FIRE'];
    for (let i = 0; i < N; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => i + j).map((k) =>
          t.ask(identities.operator, REPORT, {
            input: {
              title: `事件 ${k}`, description: k % 7 === 0 ? '井盖缺失' : '常规', category: categories[k % 4], source: k % 3 ? 'PATROL' : 'DEVICE',
              gridId: String((k % 10) + 1), location: `位置 ${k}`, reporter: '测试',
            },
          }),
        ),
      );
    }
    // Spread report times over the past days so that newest-first order is not insertion order.
    const repo = t.subgraph.db.getRepository(GridEventEntity);
    for (const e of await repo.find()) {
      const reportedAt = new Date(Date.UTC(2025, 5, 1) + ((e.id * 7919) % N) * 3_600_000 + (e.id % 2) * 1500);
      const acceptDueAt = new Date(reportedAt.getTime() + 86_400_000);
      await repo.update(e.id, { reportedAt, acceptDueAt, dueAt: acceptDueAt, redAt: new Date(reportedAt.getTime() + 2 * 86_400_000) });
    }
  });
  afterAll(() => t.stop());

  it('pages through every event newest first with cursors', async () => {
    const seen: { id: string; reportedAt: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GraphqlResult<{ events: Page }> = await t.ask<{ events: Page }>(identities.admin, `query($after: String) { events(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id reportedAt } } } }`, { after });
      const page: Page = r.data!.events;
      expect(page.totalCount).toBe(N);
      seen.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen.map((e) => e.id)).size).toBe(N);
    const order = seen.map((e) => [Date.parse(e.reportedAt), Number(e.id)] as const);
    for (let i = 1; i < order.length; i++) {
      const [a, ai] = order[i - 1]!;
      const [b, bi] = order[i]!;
      expect(a > b || (a === b && ai > bi)).toBe(true);
    }
  });

  it('filters by grid, community, source, category, status, text and time', async () => {
    const count = async (filter: object, who: Identity = identities.admin) =>
      (await t.ask<{ events: Page }>(who, 'query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: filter })).data?.events.totalCount;
    const rows = await t.subgraph.db.getRepository(GridEventEntity).find();
    expect(await count({ gridId: '3' })).toBe(rows.filter((e) => e.gridId === 3).length);
    expect(await count({ communityId: '2' })).toBe(rows.filter((e) => e.communityId === 2).length);
    expect(await count({ source: 'DEVICE' })).toBe(rows.filter((e) => e.source === 'DEVICE').length);
    expect(await count({ category: 'INFRASTRUCTURE_UTILITIES' })).toBe(rows.filter((e) => e.categoryRoot === 'INFRASTRUCTURE_UTILITIES').length);
    expect(await count({ category: 'DISPUTE_LAND' })).toBe(rows.filter((e) => e.categoryCode === 'DISPUTE_LAND').length);
    expect(await count({ status: ['REPORTED'] })).toBe(N);
    expect(await count({ status: ['CLOSED'] })).toBe(0);
    expect(await count({ text: '井盖' })).toBe(rows.filter((e) => e.description.includes('井盖')).length);
    expect(await count({ text: '%' })).toBe(0);
    const from = new Date(Date.UTC(2025, 5, 2));
    expect(await count({ reportedFrom: from.toISOString() })).toBe(rows.filter((e) => e.reportedAt >= from).length);
    // Deadlines of events reported in June 2025 are long past: all overdue, and RED.
    expect(await count({ overdue: true })).toBe(N);
    expect(await count({ supervision: 'YELLOW' })).toBe(0);
    // Scope: community staff see their community only; a partner sees its own reports only.
    expect(await count({}, identities.staff1)).toBe(rows.filter((e) => e.communityId === 1).length);
    expect(await count({}, identities.partner)).toBe(0);
    // Work queues: what is assigned to a worker or a department now (two events given to worker 7 and department 3 here).
    const [a, b] = rows;
    await t.subgraph.db.getRepository(GridEventEntity).update({ id: a!.id }, { assignedWorkerId: 7, assignedDepartmentId: 3 });
    await t.subgraph.db.getRepository(GridEventEntity).update({ id: b!.id }, { assignedWorkerId: 7 });
    expect(await count({ assignedWorkerId: '7' })).toBe(2);
    expect(await count({ assignedDepartmentId: '3' })).toBe(1);
    expect(await count({ assignedWorkerId: '7', assignedDepartmentId: '3' })).toBe(1);
    expect(await count({ assignedWorkerId: '999999' })).toBe(0);
    const bad = await t.ask(identities.admin, 'query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { assignedWorkerId: 'abc' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await t.subgraph.db.getRepository(GridEventEntity).update({ id: a!.id }, { assignedWorkerId: null, assignedDepartmentId: null });
    await t.subgraph.db.getRepository(GridEventEntity).update({ id: b!.id }, { assignedWorkerId: null });
    expect(await count({ mine: true })).toBe(rows.filter((e) => e.reporterSubject === identities.admin.subject).length);
  });

  it('lists 100 events with their grid and history in a bounded number of statements', async () => {
    const before = t.subgraph.sql.total;
    const r = await t.ask<{ events: Page }>(identities.admin, '{ events(first: 100) { edges { node { id grid { id } history { action at actor { subject role } } category { code } } } } }');
    const statements = t.subgraph.sql.total - before;
    expect(r.errors).toBeUndefined();
    expect(r.data!.events.edges).toHaveLength(100);
    expect(r.data!.events.edges.every((e) => e.node.history.length === 1 && e.node.grid.id)).toBe(true);
    // One page, one batch of histories, one batch of categories.
    expect(statements).toBe(3);
  });

  it('resolves Grid.events for a batch of grid references in a bounded number of statements', async () => {
    const before = t.subgraph.sql.total;
    const r = await t.ask<GridEvents>(
      identities.admin,
      `query($reps: [_Any!]!) { grids: _entities(representations: $reps) { ... on Grid { id events(first: 3) { totalCount edges { node { id status history { action } } } } } } }`,
      { reps: Array.from({ length: 10 }, (_, i) => ({ __typename: 'Grid', id: String(i + 1) })) },
    );
    const statements = t.subgraph.sql.total - before;
    expect(r.errors).toBeUndefined();
    const grids = r.data!.grids;
    expect(grids).toHaveLength(10);
    for (const g of grids) {
      expect(g.events.totalCount).toBe(N / 10);
      expect(g.events.edges).toHaveLength(3);
      const ids = g.events.edges.map((e) => Number(e.node.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    }
    // One page statement for all grids, one count, one batch of histories.
    expect(statements).toBe(3);

    const reported = await t.ask<GridEvents>(identities.admin, '{ grids: _entities(representations: [{ __typename: "Grid", id: "1" }]) { ... on Grid { events(status: CLOSED) { totalCount } } } }');
    expect(reported.data!.grids[0]!.events.totalCount).toBe(0);
    // Another grid's events are out of a grid worker's scope: rows and count are scoped, so she gets none (was FORBIDDEN).
    const far = await t.ask<GridEvents>(identities.farWorker, '{ grids: _entities(representations: [{ __typename: "Grid", id: "1" }]) { ... on Grid { events { totalCount edges { node { id } } } } } }');
    expect(far.errors).toBeUndefined();
    expect(far.data!.grids[0]!.events).toEqual({ totalCount: 0, edges: [] });
  });

  it('serves categories, and refuses a request without an identity', async () => {
    const r = await t.ask<{ eventCategories: Category[] }>(identities.auditor, '{ eventCategories { code children { code parent { code } } } }');
    const infra = r.data!.eventCategories.find((c) => c.code === 'INFRASTRUCTURE_UTILITIES')!;
    expect(infra.children.map((c) => c.code)).toContain('INFRA_TREE_HAZARD');
    expect(r.data!.eventCategories).toHaveLength(7);
    const res = await fetch(t.subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ eventCategories { code } }' }) });
    expect(res.status).toBe(401);
  });
});
