import { conflict } from '@gridhub/kit';
import { boxOf, dayOf, insertTables, pointIn, Random, type Box, type CommunityPlan, type GridRow, type SeedProgress, type SeedResult, type SeedTable } from '@gridhub/seed';
import { In, type DataSource } from 'typeorm';
import { HazardCampaignEntity } from './campaign/hazard-campaign.entity';
import { TreeHazardEntity } from './hazard/tree-hazard.entity';
import { levelOf } from './hazard/tree-hazard.machine';
import { HazardStatus } from './hazard/tree-hazard.type';
import { PowerLineEntity, PowerSpanEntity } from './line/power-line.entity';

/** The partner agencies operating the subdistrict's 10 kV lines (the `agency` of PARTNER identities). */
export const POWERGRID_AGENCIES = {
  stateGrid: { code: 'STATE_GRID_JIANGJIN', name: '国网重庆江津供电公司' },
  local: { code: 'JIANGJIN_LOCAL_POWER', name: '江津区地方电力公司' },
} as const;

/** The year whose clearing the seed records in full (the last whole year before PLAN_DATE). */
export const SEED_YEAR = 2024;

/** Per subdistrict block (DESIGN.md reference scale: 110 lines with tree hazards, 6,000 spots cleared in a year). */
export const POWERGRID_REFERENCE_COUNTS = {
  lines: 110,
  clearedInSeedYear: 6_000,
  /** Cleared so far in the plan year's spring campaign (up to PLAN_DATE). */
  clearedThisYear: 1_400,
  open: { [HazardStatus.REPORTED]: 260, [HazardStatus.NEGOTIATING]: 45, [HazardStatus.CLEARING]: 120 },
} as const;

const DAY = 86_400_000;

/** Species found under 10 kV lines around Jiangjin (fast growers first), by weight. */
const SPECIES: readonly (readonly [string, number])[] = [
  ['桉树', 18], ['竹子', 20], ['杨树', 10], ['构树', 10], ['香樟', 8], ['泡桐', 7], ['柏树', 6], ['花椒树', 8], ['柑橘树', 6], ['枇杷树', 4], ['桂花树', 3],
];
/** Clearance deficit (metres) by weight: most hazards are found early. */
const DEFICITS: readonly (readonly [number, number])[] = [[0.2, 20], [0.4, 22], [0.6, 18], [0.8, 14], [1.0, 11], [1.2, 7], [1.5, 5], [1.8, 3]];

type CampaignRow = HazardCampaignEntity;
type HazardRow = TreeHazardEntity;

interface PowergridBlock {
  block: number;
  lines: PowerLineEntity[];
  spans: PowerSpanEntity[];
  campaigns: CampaignRow[];
  hazards: HazardRow[];
}

/** Campaigns of a year for one agency: [name suffix, first day, last day, share of the year's target]. */
const SEASONS: readonly (readonly [string, string, string, number])[] = [
  ['春季树障清理专项行动', '03-01', '05-31', 0.38],
  ['迎峰度夏树障清理', '06-01', '08-31', 0.34],
  ['秋冬季树障清理', '09-01', '12-31', 0.28],
];

/** A moment in working hours (08:00–18:00 Beijing time, 00:00–10:00 UTC) of a UTC day number. */
const at = (day: number, rnd: Random) => new Date(day * DAY + rnd.int(0, 10 * 3_600_000));

/**
 * The power-grid plug-in's data for one subdistrict block, as a pure function of the plan: 110 lines (one in eight
 * operated by the local power company) through the current grids of its communities, mostly the villages; their
 * spans tower by tower with coordinates and the grid each crosses; clearing campaigns; 6,000 hazards cleared in
 * SEED_YEAR, 1,400 in the plan year's spring, and the open ones of the plan date.
 */
function planBlock(plan: CommunityPlan, block: number, first: { line: number; span: number; campaign: number; hazard: number }): PowergridBlock {
  const rnd = Random.for(plan.seed, 'powergrid', block);
  const subdistrictId = plan.subdistricts[block - 1]!.id;
  const communities = plan.communities.filter((c) => c.subdistrictId === subdistrictId);
  const gridsOf = new Map<number, GridRow[]>(communities.map((c) => [c.id, plan.grids.filter((g) => g.communityId === c.id && g.validTo === null)]));
  // Villages carry most rural 10 kV lines: weight 3 against 1 for an urban community's fringe.
  const weighted = communities.map((c) => [c, c.kind === 'VILLAGE' ? 3 : 1] as const);

  const lines: PowerLineEntity[] = [];
  const spans: PowerSpanEntity[] = [];
  let spanId = first.span;
  for (let k = 0; k < 110; k++) {
    const community = rnd.weighted(weighted);
    const grids = gridsOf.get(community.id)!;
    const agency = k % 8 === 7 ? POWERGRID_AGENCIES.local : POWERGRID_AGENCIES.stateGrid;
    const id = first.line + k;
    const towers = rnd.int(18, 60);
    const line: PowerLineEntity = {
      id,
      code: `L${String(block).padStart(2, '0')}${String(k + 1).padStart(3, '0')}`,
      name: `10kV ${community.name.replace(/社区|村$/, '')}${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][k % 10]}回线`,
      voltageKv: 10,
      agency: agency.code,
      lengthM: 0,
      towerCount: towers,
    };
    // The line runs through 1–4 consecutive grids of the community, in equal stretches.
    const start = rnd.int(0, grids.length - 1);
    const crossed = Array.from({ length: Math.min(grids.length, rnd.int(1, 4)) }, (_, i) => grids[(start + i) % grids.length]!);
    // Each stretch runs across its grid's area (the seed's grid boundaries), west to east or back, at a height of
    // its own with a wiggle: a span's coordinates always lie in the grid it is recorded as crossing.
    const height = rnd.next();
    const eastward = rnd.next() < 0.5;
    let heading = rnd.next() * 2 * Math.PI;
    const stretchOf = (t: number) => Math.floor(((t - 1) * crossed.length) / (towers - 1));
    for (let t = 1; t < towers; t++) {
      const stretch = stretchOf(t);
      const grid = crossed[stretch]!;
      const length = rnd.int(60, 140);
      line.lengthM += length;
      heading += (rnd.next() - 0.5) * 0.5;
      const inStretch = Array.from({ length: towers - 1 }, (_, i) => i + 1).filter((u) => stretchOf(u) === stretch);
      const along = (inStretch.indexOf(t) + 0.5) / inStretch.length;
      const [lng, lat] = pointIn(boxOf(grid.boundary!), eastward ? along : 1 - along, height + 0.1 * Math.sin(heading));
      spans.push({
        id: spanId++,
        lineId: id,
        fromTower: t,
        toTower: t + 1,
        location: `${community.name}${grid.name} ${line.name} ${t}-${t + 1}号杆`,
        latitude: lat,
        longitude: lng,
        gridId: grid.id,
        communityId: community.id,
      });
    }
    lines.push(line);
  }

  // Campaigns: the seed year's three seasons and the plan year's spring, for each agency (targets by line share).
  const planYear = SEED_YEAR + 1;
  const campaigns: CampaignRow[] = [];
  const share = (agency: string) => lines.filter((l) => l.agency === agency).length / lines.length;
  for (const agency of Object.values(POWERGRID_AGENCIES)) {
    for (const [name, from, to, part] of SEASONS)
      campaigns.push({ id: 0, name: `${SEED_YEAR}年${name}`, agency: agency.code, startsOn: `${SEED_YEAR}-${from}`, endsOn: `${SEED_YEAR}-${to}`, targetCount: Math.round(5_600 * part * share(agency.code)) });
    campaigns.push({ id: 0, name: `${planYear}年${SEASONS[0]![0]}`, agency: agency.code, startsOn: `${planYear}-03-01`, endsOn: `${planYear}-06-30`, targetCount: Math.round(2_000 * share(agency.code)) });
  }
  campaigns.forEach((c, i) => (c.id = first.campaign + i));
  const campaignFor = (agency: string, day: number) =>
    campaigns.find((c) => c.agency === agency && dayOf(c.startsOn) <= day && day <= dayOf(c.endsOn))?.id ?? null;

  const lineById = new Map(lines.map((l) => [l.id, l]));
  const agencyName = (code: string) => Object.values(POWERGRID_AGENCIES).find((a) => a.code === code)!.name;
  const boxes = new Map<number, Box>([...gridsOf.values()].flat().map((g) => [g.id, boxOf(g.boundary!)]));
  const near = (x: number, low: number, high: number) => Math.round(Math.min(high - 1e-6, Math.max(low, x)) * 1e6) / 1e6;
  const hazards: HazardRow[] = [];
  const hazard = (status: HazardStatus, reportedDay: number, clearedDay: number | null): void => {
    const span = rnd.pick(spans);
    const line = lineById.get(span.lineId)!;
    const required = rnd.chance(0.8) ? 2.0 : 1.5;
    const measured = Math.max(0.1, Math.round((required - rnd.weighted(DEFICITS) - rnd.int(0, 1) * 0.1) * 10) / 10);
    const id = first.hazard + hazards.length;
    const reportedAt = at(reportedDay, rnd);
    const clearedAt = clearedDay === null ? null : at(clearedDay, rnd);
    const photos = [`powergrid/${line.agency}/hazard/${id}/found.jpg`, ...(clearedAt ? [`powergrid/${line.agency}/hazard/${id}/cleared.jpg`] : [])];
    hazards.push({
      id,
      lineId: line.id,
      spanId: span.id,
      agency: line.agency,
      gridId: span.gridId,
      communityId: span.communityId,
      species: rnd.weighted(SPECIES),
      measuredClearanceM: measured,
      requiredClearanceM: required,
      level: levelOf(measured, required),
      status,
      location: span.location,
      // A few tens of metres from the span, still inside its grid.
      latitude: near(span.latitude + (rnd.next() - 0.5) * 0.0008, boxes.get(span.gridId)!.south, boxes.get(span.gridId)!.north),
      longitude: near(span.longitude + (rnd.next() - 0.5) * 0.0008, boxes.get(span.gridId)!.west, boxes.get(span.gridId)!.east),
      photos,
      reportedBy: `${agencyName(line.agency)}线路巡视`,
      reporterSubject: 'seed',
      idempotencyKey: null,
      campaignId: campaignFor(line.agency, clearedDay ?? reportedDay),
      reportedAt,
      clearedAt,
      mediationRequestedAt: null,
      mediationReason: null,
      mediationCount: 0,
      mediationEventId: null,
      version: status === HazardStatus.REPORTED ? 1 : clearedAt ? 3 : 2,
      updatedAt: clearedAt ?? reportedAt,
    });
  };

  // Cleared in the seed year: clearing peaks with the campaigns (spring before the growing season, summer peak load).
  const yearStart = dayOf(`${SEED_YEAR}-01-01`);
  const yearDays = dayOf(`${planYear}-01-01`) - yearStart;
  const monthWeight = [3, 3, 11, 12, 12, 11, 12, 11, 7, 7, 6, 5].map((w, m) => [m, w] as const);
  for (let i = 0; i < POWERGRID_REFERENCE_COUNTS.clearedInSeedYear; i++) {
    const month = rnd.weighted(monthWeight);
    const monthStart = dayOf(`${SEED_YEAR}-${String(month + 1).padStart(2, '0')}-01`);
    const monthEnd = month === 11 ? yearStart + yearDays : dayOf(`${SEED_YEAR}-${String(month + 2).padStart(2, '0')}-01`);
    const cleared = rnd.int(monthStart, monthEnd - 1);
    hazard(HazardStatus.CLEARED, cleared - rnd.int(2, 45), cleared);
  }
  // The plan year up to PLAN_DATE: spring clearing, and what is still open.
  const planDay = dayOf(`${planYear}-06-30`);
  for (let i = 0; i < POWERGRID_REFERENCE_COUNTS.clearedThisYear; i++) {
    const cleared = rnd.int(dayOf(`${planYear}-03-01`), planDay - 1);
    hazard(HazardStatus.CLEARED, cleared - rnd.int(2, 45), cleared);
  }
  for (const [status, count] of Object.entries(POWERGRID_REFERENCE_COUNTS.open) as [HazardStatus, number][])
    for (let i = 0; i < count; i++) hazard(status, planDay - rnd.int(1, status === HazardStatus.REPORTED ? 40 : 90), null);
  return { block, lines, spans, campaigns, hazards };
}

/**
 * Seeds the powergrid subgraph's database from the community plan (grid ids from `buildPlan`; lines run through
 * current grids). Deterministic (explicit ids, block by block, so scale N extends scale N − 1) and idempotent:
 * a block whose lines are present is skipped; other data where the plan's ids go is refused.
 */
export async function seedPowergrid(db: DataSource, plan: CommunityPlan, progress?: SeedProgress): Promise<SeedResult> {
  const blocks: PowergridBlock[] = [];
  const next = { line: 1, span: 1, campaign: 1, hazard: 1 };
  for (let b = 1; b <= plan.subdistricts.length; b++) {
    const block = planBlock(plan, b, next);
    next.line += block.lines.length;
    next.span += block.spans.length;
    next.campaign += block.campaigns.length;
    next.hazard += block.hazards.length;
    blocks.push(block);
  }
  const pending: PowergridBlock[] = [];
  for (const block of blocks) {
    const found = await db.getRepository(PowerLineEntity).findBy({ id: In(block.lines.map((l) => l.id)) });
    if (found.length === 0) pending.push(block);
    else if (found.length !== block.lines.length || found.some((f) => !block.lines.some((l) => l.id === f.id && l.code === f.code)))
      throw conflict('the powergrid database holds other data where this seed plan goes; seed an empty database', { block: block.block });
  }
  const inserted: Record<string, number> = { power_line: 0, power_span: 0, hazard_campaign: 0, tree_hazard: 0 };
  const total = pending.reduce((s, b) => s + b.lines.length + b.spans.length + b.campaigns.length + b.hazards.length, 0);
  const tally = { done: 0, total };
  for (const block of pending) {
    const tables: SeedTable[] = [
      { name: 'power_line', entity: PowerLineEntity, rows: block.lines },
      { name: 'power_span', entity: PowerSpanEntity, rows: block.spans },
      { name: 'hazard_campaign', entity: HazardCampaignEntity, rows: block.campaigns },
      { name: 'tree_hazard', entity: TreeHazardEntity, rows: block.hazards },
    ];
    await db.transaction((m) => insertTables(m, tables, tally, progress));
    for (const t of tables) inserted[t.name]! += t.rows.length;
  }
  return { inserted, skipped: pending.length === 0 };
}
