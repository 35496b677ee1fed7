import { startSubgraph, type RunningSubgraph } from '@gridhub/kit';
import { testDatabase, testDialects } from '@gridhub/kit/testing';
import { boxOf, buildPlan } from '@gridhub/seed';
import { HazardCampaignEntity } from './campaign/hazard-campaign.entity';
import { TreeHazardEntity } from './hazard/tree-hazard.entity';
import { HazardStatus } from './hazard/tree-hazard.type';
import { powergrid } from './index';
import { PowerLineEntity, PowerSpanEntity } from './line/power-line.entity';
import { POWERGRID_AGENCIES, POWERGRID_REFERENCE_COUNTS, SEED_YEAR, seedPowergrid } from './seed';

describe.each(testDialects())('powergrid seed (%s)', (dialect) => {
  const db = testDatabase(dialect);
  let sg: RunningSubgraph;
  const plan = buildPlan({ scale: 1, seed: 1 });

  beforeAll(async () => {
    sg = await startSubgraph(powergrid, { database: db.config, identity: { publicKeys: { keys: [] } } });
  });
  afterAll(async () => {
    await sg?.stop();
    await db.cleanup(['powergrid']);
  });

  it('writes 110 lines, their spans in current grids, and 6,000 hazards cleared in the seed year, once', async () => {
    const started = Date.now();
    const first = await seedPowergrid(sg.db, plan);
    console.log(`powergrid seed (${dialect}): ${JSON.stringify(first.inserted)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(first.skipped).toBe(false);
    expect(await sg.db.getRepository(PowerLineEntity).count()).toBe(POWERGRID_REFERENCE_COUNTS.lines);
    const hazards = sg.db.getRepository(TreeHazardEntity);
    const clearedInYear = await hazards
      .createQueryBuilder('h')
      .where('h.status = :s AND h.clearedAt >= :from AND h.clearedAt < :to', { s: 'CLEARED', from: new Date(`${SEED_YEAR}-01-01T00:00:00Z`), to: new Date(`${SEED_YEAR + 1}-01-01T00:00:00Z`) })
      .getCount();
    expect(clearedInYear).toBe(POWERGRID_REFERENCE_COUNTS.clearedInSeedYear);
    for (const [status, count] of Object.entries(POWERGRID_REFERENCE_COUNTS.open)) expect(await hazards.countBy({ status })).toBe(count);

    // Spans and hazards lie in current grids of the plan, hazards on their span's grid and line's agency.
    const current = new Set(plan.grids.filter((g) => g.validTo === null).map((g) => g.id));
    const spans = await sg.db.getRepository(PowerSpanEntity).find();
    expect(spans.every((s) => current.has(s.gridId))).toBe(true);
    const lines = new Map((await sg.db.getRepository(PowerLineEntity).find()).map((l) => [l.id, l]));
    expect(new Set([...lines.values()].map((l) => l.agency))).toEqual(new Set(Object.values(POWERGRID_AGENCIES).map((a) => a.code)));
    const spanById = new Map(spans.map((s) => [s.id, s]));
    const sample = await hazards.find({ take: 500, order: { id: 'ASC' } });
    // …and by coordinates: inside the boundary of the grid they are recorded in (the seed's grids are boxes).
    const boxes = new Map(plan.grids.filter((g) => g.boundary).map((g) => [g.id, boxOf(g.boundary!)]));
    const inside = (p: { latitude: number; longitude: number; gridId: number }) => {
      const b = boxes.get(p.gridId)!;
      return b.west <= p.longitude && p.longitude < b.east && b.south <= p.latitude && p.latitude < b.north;
    };
    expect(spans.filter((p) => !inside(p))).toEqual([]);
    expect(sample.filter((h) => !inside(h))).toEqual([]);
    for (const h of sample) {
      expect(spanById.get(h.spanId)!.gridId).toBe(h.gridId);
      expect(lines.get(h.lineId)!.agency).toBe(h.agency);
      expect(h.measuredClearanceM).toBeLessThan(h.requiredClearanceM);
    }
    // Campaign targets and their cleared hazards belong to one agency.
    const campaigns = await sg.db.getRepository(HazardCampaignEntity).find();
    expect(campaigns.length).toBe(8);
    const mismatched = await hazards.createQueryBuilder('h').innerJoin(HazardCampaignEntity, 'c', 'c.id = h.campaignId').where('c.agency <> h.agency').getCount();
    expect(mismatched).toBe(0);
    expect(await hazards.countBy({ status: HazardStatus.CLEARED })).toBe(POWERGRID_REFERENCE_COUNTS.clearedInSeedYear + POWERGRID_REFERENCE_COUNTS.clearedThisYear);

    const again = await seedPowergrid(sg.db, plan);
    expect(again.skipped).toBe(true);
    expect(await hazards.count()).toBe(first.inserted.tree_hazard);
  });

  it('is deterministic: the same plan gives the same rows', async () => {
    const other = testDatabase('sqlite');
    const second = await startSubgraph(powergrid, { database: other.config, identity: { publicKeys: { keys: [] } } });
    try {
      await seedPowergrid(second.db, plan);
      const pick = (s: RunningSubgraph) => s.db.getRepository(TreeHazardEntity).find({ where: [{ id: 1 }, { id: 4321 }, { id: 7800 }], order: { id: 'ASC' } });
      expect(await pick(second)).toEqual(await pick(sg));
    } finally {
      await second.stop();
      await other.cleanup([]);
    }
  });
});
