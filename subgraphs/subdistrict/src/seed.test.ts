import { can, Role } from '@gridhub/kit';
import { startTestSubgraph, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { buildPlan } from '@gridhub/seed';
import { EventStatus, FINAL_STATUSES } from './event/event.enums';
import { TRANSITIONS } from './event/event.machine';
import { EVENTS_FROM, EVENTS_UNTIL, planSubdistrictTier, REFERENCE_EVENTS, seedSubdistrict } from './seed';
import { percentile } from './stats/stats.service';
import { withGrids } from './testing/subdistrict.fixture';

interface Stats {
  total: number; closed: number; closureRate: number; closedOnTime: number; onTimeRate: number;
  medianSecondsToClose: number | null; p90SecondsToClose: number | null; overdue: number; supervisedYellow: number; supervisedRed: number;
  byStatus: KeyCount[]; byCategory: KeyCount[]; bySource: KeyCount[]; byCommunity: { communityId: string; count: number }[];
  byGrid: { gridId: string; count: number; open: number; overdue: number }[];
}
interface KeyCount {
  key: string;
  count: number;
}
/** A stored event, as the test reads it back. */
interface Row {
  status: string; categoryRoot: string; source: string; communityId: number; gridId: number;
  reportedAt: Date; resolvedAt: Date | null; closedAt: Date | null; handleDueAt: Date; dueAt: Date | null; redAt: Date | null;
}

const plan = buildPlan({ scale: 1, seed: 1 });
const tier = planSubdistrictTier(plan);

describe('subdistrict tier plan', () => {
  it('is a pure function of the community plan', () => {
    expect(JSON.stringify(planSubdistrictTier(buildPlan({ scale: 1, seed: 1 })))).toBe(JSON.stringify(tier));
    expect(JSON.stringify(planSubdistrictTier(buildPlan({ scale: 1, seed: 2 })).events.slice(0, 50))).not.toBe(JSON.stringify(tier.events.slice(0, 50)));
  });

  it('has the reference counts: 1 subdistrict, its departments, 11 platforms over three tiers, 1,781 events in the year', () => {
    expect(tier.subdistricts).toHaveLength(1);
    expect(tier.departments.length).toBeGreaterThanOrEqual(8);
    expect(tier.departments.filter((d) => d.kind === 'CENTER')).toHaveLength(1);
    expect(tier.platforms).toHaveLength(11);
    expect(new Set(tier.platforms.map((p) => p.tier))).toEqual(new Set(['SUBDISTRICT', 'COMMUNITY', 'COMPLEX']));
    expect(tier.events).toHaveLength(REFERENCE_EVENTS);
    for (const e of tier.events) expect(e.reportedAt >= EVENTS_FROM && e.reportedAt < EVENTS_UNTIL).toBe(true);
    const grids = new Map(plan.grids.map((g) => [g.id, g]));
    for (const e of tier.events) expect(grids.get(e.gridId)).toMatchObject({ communityId: e.communityId, validTo: null });
  });

  it('has the seasonal categories in season only, on rural grids: forest fire November–April, the fishing ban March–June', () => {
    const grids = new Map(plan.grids.map((g) => [g.id, g]));
    const monthOf = (e: (typeof tier.events)[number]) => new Date(e.reportedAt.getTime() + 8 * 3_600_000).getUTCMonth() + 1;
    for (const [code, months] of [['SAFETY_FOREST_FIRE', [11, 12, 1, 2, 3, 4]], ['ENV_FISHING_BAN', [3, 4, 5, 6]]] as const) {
      const seasonal = tier.events.filter((e) => e.categoryCode === code);
      expect(seasonal.length).toBeGreaterThan(0);
      for (const e of seasonal) {
        expect(months).toContain(monthOf(e));
        expect(grids.get(e.gridId)!.kind).toBe('RURAL');
      }
    }
  });

  it('has a realistic mix: most events closed, a small share open and overdue, every category and source present', () => {
    const share = (f: (e: (typeof tier.events)[number]) => boolean) => tier.events.filter(f).length / tier.events.length;
    expect(share((e) => e.status === EventStatus.CLOSED)).toBeGreaterThan(0.85);
    const open = share((e) => !FINAL_STATUSES.includes(e.status as EventStatus) && e.status !== EventStatus.VERIFIED);
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(0.05);
    expect(share((e) => e.dueAt != null && e.dueAt < EVENTS_UNTIL)).toBeLessThan(0.03);
    expect(share((e) => e.resolvedAt != null && e.resolvedAt > e.handleDueAt)).toBeLessThan(0.15);
    expect(new Set(tier.events.map((e) => e.categoryRoot)).size).toBe(7);
    expect(new Set(tier.events.map((e) => e.source))).toEqual(new Set(['PATROL', 'CITIZEN', 'DEVICE', 'PARTNER']));
    expect(tier.events.some((e) => e.categoryCode === 'INFRA_TREE_HAZARD' && e.source === 'PARTNER')).toBe(true);
  });

  it('gives every event a history that follows the transition table, ending in its status and version', () => {
    const byEvent = new Map<number, typeof tier.history>();
    for (const h of tier.history) byEvent.set(h.eventId, [...(byEvent.get(h.eventId) ?? []), h]);
    for (const e of tier.events) {
      const history = byEvent.get(e.id)!;
      expect(history[0]).toMatchObject({ action: 'REPORT', fromStatus: null, toStatus: 'REPORTED', actorSubject: e.reporterSubject, at: e.reportedAt });
      for (let i = 1; i < history.length; i++) {
        const h = history[i]!;
        const rule = TRANSITIONS.find((t) => t.action === h.action)!;
        expect(rule.from).toContain(h.fromStatus);
        expect(rule.to).toBe(h.toStatus);
        expect(can({ subject: h.actorSubject, role: h.actorRole as Role }, rule.kitAction)).toBe(true);
        expect(h.fromStatus).toBe(history[i - 1]!.toStatus);
        expect(h.at.getTime()).toBeGreaterThanOrEqual(history[i - 1]!.at.getTime());
        if (h.action === 'SELF_RESOLVE') expect([e.priority, h.actorSubject]).toEqual(['MINOR', e.reporterSubject]);
      }
      expect(history.at(-1)!.toStatus).toBe(e.status);
      expect(e.version).toBe(history.length);
    }
  });
});

describe.each(testDialects())('seedSubdistrict (%s)', (dialect) => {
  let t: TestSubgraph;
  const ask = async <T>(query: string, variables?: Record<string, unknown>) => (await t.query<T>(query, variables)) as { data: T; errors?: unknown[] };

  beforeAll(async () => {
    const grids = plan.grids.map((g) => ({ id: g.id, communityId: g.communityId, validTo: g.validTo }));
    t = await startTestSubgraph(withGrids(async () => grids), { dialect });
  });
  afterAll(() => t?.stop());

  it('writes the tier once; a re-run writes nothing', async () => {
    const first = await seedSubdistrict(t.subgraph.db, plan);
    expect(first.skipped).toBe(false);
    expect(first.inserted).toEqual({
      subdistrict: 1, department: tier.departments.length, platform: 11, grid_event: REFERENCE_EVENTS, grid_event_history: tier.history.length,
    });
    const again = await seedSubdistrict(t.subgraph.db, plan);
    expect(again.skipped).toBe(true);
    expect(await t.subgraph.db.query('SELECT COUNT(*) AS n FROM grid_event')).toEqual([{ n: expect.anything() }]);
    expect(Number((await t.subgraph.db.query('SELECT COUNT(*) AS n FROM grid_event'))[0].n)).toBe(REFERENCE_EVENTS);
  });

  it('serves the platforms and departments of the subdistrict', async () => {
    const r = await ask<{ subdistrict: { platforms: unknown[]; departments: unknown[] }; platforms: unknown[] }>('{ subdistrict(id: "1") { name center platforms { name tier capabilities status } departments { name kind } } platforms(filter: { tier: COMPLEX }) { id } }');
    expect(r.data.subdistrict.platforms).toHaveLength(11);
    expect(r.data.subdistrict.departments.length).toBe(tier.departments.length);
    expect(r.data.platforms).toHaveLength(4);
  });

  it('computes governanceStats for the seeded year equal to figures computed from the raw rows', async () => {
    const r = await ask<{ governanceStats: Stats }>(
      `query($from: DateTimeISO!, $to: DateTimeISO!, $asOf: DateTimeISO) { governanceStats(from: $from, to: $to, asOf: $asOf) {
        total closed closureRate closedOnTime onTimeRate medianSecondsToClose p90SecondsToClose overdue supervisedYellow supervisedRed
        byStatus { key count } byCategory { key count } bySource { key count } byCommunity { communityId count } byGrid { gridId count open overdue }
      } }`,
      { from: EVENTS_FROM.toISOString(), to: EVENTS_UNTIL.toISOString(), asOf: EVENTS_UNTIL.toISOString() },
    );
    expect(r.errors).toBeUndefined();
    const stats = r.data.governanceStats;

    // Independently: every row as stored, dates parsed from the driver's own representation.
    const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
    const raw: Record<string, unknown>[] = await t.subgraph.db.query('SELECT * FROM grid_event');
    const rows: Row[] = raw.map((e) => ({
      status: String(e.status), categoryRoot: String(e.categoryRoot), source: String(e.source),
      reportedAt: date(e.reportedAt)!, resolvedAt: date(e.resolvedAt), closedAt: date(e.closedAt), handleDueAt: date(e.handleDueAt)!,
      dueAt: date(e.dueAt), redAt: date(e.redAt), communityId: Number(e.communityId), gridId: Number(e.gridId),
    }));
    const inYear = rows.filter((e) => e.reportedAt >= EVENTS_FROM && e.reportedAt < EVENTS_UNTIL);
    const countBy = (key: (e: Row) => string) => {
      const m = new Map<string, number>();
      for (const e of inYear) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
      return Object.fromEntries(m);
    };
    const asMap = (list: { key?: string; communityId?: string; count: number }[]) => Object.fromEntries(list.map((x) => [x.key ?? x.communityId, x.count]));
    const closed = inYear.filter((e) => e.status === 'CLOSED');
    const onTime = closed.filter((e) => e.resolvedAt! <= e.handleDueAt);
    const durations = closed.map((e) => Math.round((e.closedAt!.getTime() - e.reportedAt.getTime()) / 1000)).sort((a, b) => a - b);
    const asOf = EVENTS_UNTIL.getTime();
    const overdue = inYear.filter((e) => e.dueAt && e.dueAt.getTime() < asOf);
    const red = inYear.filter((e) => e.redAt && e.redAt.getTime() < asOf);

    expect(stats.total).toBe(REFERENCE_EVENTS);
    expect(asMap(stats.byStatus)).toEqual(countBy((e) => e.status));
    expect(asMap(stats.byCategory)).toEqual(countBy((e) => e.categoryRoot));
    expect(asMap(stats.bySource)).toEqual(countBy((e) => e.source));
    expect(asMap(stats.byCommunity)).toEqual(countBy((e) => String(e.communityId)));
    expect(stats.closed).toBe(closed.length);
    expect(stats.closureRate).toBeCloseTo(closed.length / inYear.length, 10);
    expect(stats.closedOnTime).toBe(onTime.length);
    expect(stats.onTimeRate).toBeCloseTo(onTime.length / closed.length, 10);
    expect(stats.medianSecondsToClose).toBe(percentile(durations, 0.5));
    expect(stats.p90SecondsToClose).toBe(percentile(durations, 0.9));
    expect(durations[Math.ceil(0.9 * durations.length) - 1]).toBe(stats.p90SecondsToClose);
    expect(stats.overdue).toBe(overdue.length);
    expect(stats.supervisedRed).toBe(red.length);
    expect(stats.supervisedYellow).toBe(overdue.length - red.length);
    const open = (e: Row) => !['REJECTED', 'ESCALATED', 'CLOSED'].includes(e.status);
    const perGrid = new Map<number, { count: number; open: number; overdue: number }>();
    for (const e of inYear) {
      const g = perGrid.get(e.gridId) ?? { count: 0, open: 0, overdue: 0 };
      g.count++;
      if (open(e)) g.open++;
      if (e.dueAt && e.dueAt.getTime() < asOf) g.overdue++;
      perGrid.set(e.gridId, g);
    }
    expect(Object.fromEntries(stats.byGrid.map((g) => [g.gridId, { count: g.count, open: g.open, overdue: g.overdue }]))).toEqual(Object.fromEntries(perGrid));
    // Sanity of the seeded year itself.
    expect(stats.closureRate).toBeGreaterThan(0.85);
    expect(stats.onTimeRate).toBeGreaterThan(0.8);
  });

  it('lists 100 seeded events with grid and history in two statements', async () => {
    const before = t.subgraph.sql.total;
    const r = await ask<{ events: { edges: { node: { status: string; history: { to: string }[] } }[] } }>('{ events(first: 100) { edges { node { id status grid { id } history { action from to at actor { subject role } } } } } }');
    expect(t.subgraph.sql.total - before).toBe(2);
    const edges = r.data.events.edges;
    expect(edges).toHaveLength(100);
    for (const { node } of edges) expect(node.history.at(-1)?.to).toBe(node.status);
  });
});
