import { Role, type GridEventReport, type Identity, type RunningSubgraph } from '@gridhub/kit';
import { HazardCampaignEntity } from '../campaign/hazard-campaign.entity';
import { TreeHazardEntity } from '../hazard/tree-hazard.entity';
import { HazardStatus } from '../hazard/tree-hazard.type';
import { PowerLineEntity, PowerSpanEntity } from '../line/power-line.entity';

export const AGENCY_A = 'STATE_GRID_JIANGJIN';
export const AGENCY_B = 'JIANGJIN_LOCAL_POWER';

export const who = {
  admin: { subject: 'admin-1', role: Role.SUBDISTRICT_ADMIN },
  operator: { subject: 'op-1', role: Role.CENTER_OPERATOR },
  partnerA: { subject: 'sg-1', role: Role.PARTNER, agency: AGENCY_A, name: '国网巡线员' },
  partnerB: { subject: 'local-1', role: Role.PARTNER, agency: AGENCY_B },
  partnerNone: { subject: 'p-0', role: Role.PARTNER },
  worker: { subject: 'gw-1', role: Role.GRID_WORKER, gridIds: [1] },
  staff: { subject: 'staff-2', role: Role.COMMUNITY_STAFF, communityIds: [2] },
  complex: { subject: 'cm-1', role: Role.COMPLEX_MANAGER, complexIds: [1] },
} satisfies Record<string, Identity>;

/**
 * Two lines: line 1 (agency A) crossing grids 1 and 2 of community 1, line 2 (agency B) in grid 3 of community 2;
 * four spans each; a campaign per agency. No hazards (tests report their own).
 */
export async function seedLines(sg: RunningSubgraph) {
  await sg.db.getRepository(PowerLineEntity).insert([
    { id: 1, code: 'L01001', name: '10kV 石羊一回线', voltageKv: 10, agency: AGENCY_A, lengthM: 400, towerCount: 5 },
    { id: 2, code: 'L01002', name: '10kV 黄庄二回线', voltageKv: 10, agency: AGENCY_B, lengthM: 400, towerCount: 5 },
  ]);
  const spans = [1, 2].flatMap((lineId) =>
    [1, 2, 3, 4].map((t) => ({
      id: (lineId - 1) * 4 + t,
      lineId,
      fromTower: t,
      toTower: t + 1,
      location: `line ${lineId} ${t}-${t + 1}号杆`,
      latitude: 29.2 + t / 1000,
      longitude: 106.2 + lineId / 1000,
      gridId: lineId === 1 ? (t <= 2 ? 1 : 2) : 3,
      communityId: lineId === 1 ? 1 : 2,
    })),
  );
  await sg.db.getRepository(PowerSpanEntity).insert(spans);
  await sg.db.getRepository(HazardCampaignEntity).insert([
    { id: 1, name: '2025年春季树障清理专项行动', agency: AGENCY_A, startsOn: '2025-03-01', endsOn: '2025-06-30', targetCount: 100 },
    { id: 2, name: '2025年春季树障清理专项行动', agency: AGENCY_B, startsOn: '2025-03-01', endsOn: '2025-06-30', targetCount: 20 },
  ]);
}

/** Sets a hazard's status directly (table-driven tests start from every status). */
export const forceStatus = (sg: RunningSubgraph, id: number, status: HazardStatus) => sg.db.getRepository(TreeHazardEntity).update({ id }, { status });

/** An in-process stand-in for the subdistrict's `reportEvent`: down or up, dedups by externalRef like the real one. */
export function fakeSubdistrict() {
  const events = new Map<string, { id: string; report: GridEventReport }>();
  const state = { up: true, calls: 0 };
  const reportEvent = async (report: GridEventReport) => {
    state.calls++;
    if (!state.up) throw new Error('connect ECONNREFUSED (subdistrict down)');
    const existing = events.get(report.externalRef);
    if (existing) return { id: existing.id };
    const id = String(events.size + 1);
    events.set(report.externalRef, { id, report });
    return { id };
  };
  return { reportEvent, events, state };
}

