/**
 * The reference subdistrict (DESIGN.md, "Reference scale"): how its counts split over its 11 communities.
 * Scale N repeats this layout N times as N subdistrict blocks, so every count is exactly N× the reference.
 * The seed test checks that the columns add up to the reference totals.
 */

export type CommunityKind = 'COMMUNITY' | 'VILLAGE';

export interface CommunityLayout {
  /** Name in the first block; later blocks draw generated place names. */
  name: string;
  kind: CommunityKind;
  currentGrids: number;
  /** Pre-merge grids folded into the current ones (115 → 93 across the subdistrict). */
  retiredGrids: number;
  workers: number;
  buildings: number;
  houses: number;
  persons: number;
  /** Residential complexes (小区) of an urban community; villages have none. */
  complexes: number;
}

const urban = (name: string, currentGrids: number, retiredGrids: number, workers: number, buildings: number, houses: number, persons: number, complexes: number): CommunityLayout =>
  ({ name, kind: 'COMMUNITY', currentGrids, retiredGrids, workers, buildings, houses, persons, complexes });
const village = (name: string, currentGrids: number, retiredGrids: number, workers: number, buildings: number, houses: number, persons: number): CommunityLayout =>
  ({ name, kind: 'VILLAGE', currentGrids, retiredGrids, workers, buildings, houses, persons, complexes: 0 });

/** The first community holds the demonstration complex 海会苑. */
export const COMMUNITY_LAYOUT: readonly CommunityLayout[] = [
  //      name        grids retired workers buildings houses persons complexes
  urban('海会社区', 12, 15, 6, 130, 3980, 720, 6),
  urban('滨江社区', 10, 12, 5, 110, 3400, 600, 5),
  urban('鼎山社区', 9, 11, 5, 100, 3100, 560, 5),
  urban('艾坪社区', 9, 11, 4, 95, 2950, 520, 4),
  urban('东门社区', 8, 10, 4, 90, 2800, 500, 4),
  urban('通泰社区', 8, 10, 5, 85, 2600, 460, 4),
  urban('小宜社区', 7, 9, 4, 79, 2342, 425, 3),
  // Villages: one grid per villager group (村民小组), mostly one house per village building.
  village('石羊村', 8, 10, 3, 85, 95, 300),
  village('黄庄村', 8, 9, 3, 75, 84, 270),
  village('长冲村', 8, 10, 3, 80, 90, 280),
  village('青泊村', 6, 8, 2, 60, 66, 200),
];

export const DEMO_COMPLEX = '海会苑';

/** Special-population records per block, by restricted tag (271 in all). */
export const RESTRICTED_TAG_COUNTS = {
  COMMUNITY_CORRECTION: 38,
  RELEASED_PRISONER: 52,
  DRUG_REHABILITATION: 27,
  SEVERE_MENTAL_DISORDER: 96,
  AT_RISK_YOUTH: 58,
} as const;

/** The reference totals per block, for the test and for callers that want the counts without a plan. */
export const REFERENCE_COUNTS = {
  communities: 11,
  currentGrids: 93,
  retiredGrids: 115,
  partyBranches: 9,
  fullTimeWorkers: 33,
  partTimeWorkers: 11,
  buildings: 989,
  houses: 21_507,
  persons: 4_835,
  specialPopulation: 271,
  volunteers: 500,
  wechatGroups: 186,
} as const;

/** The volunteer force of a block by role (500 in all): party members, cadres, building heads (楼栋长), property staff. */
export const VOLUNTEER_ROLES = { PARTY_MEMBER: 180, CADRE: 70, BUILDING_HEAD: 190, PROPERTY_STAFF: 60 } as const;

/** The county-level division the subdistrict lies in: 500381, Jiangjin District, Chongqing. */
export const DISTRICT = { code: '500381', name: '重庆市江津区' } as const;

/** The day the 115 → 93 grid merge took effect: current grids start on it, retired ones end the day before. */
export const GRIDS_MERGED_ON = '2023-07-01';

/** The plan's "today": ages, move-ins and registrations are relative to it, never to the clock. */
export const PLAN_DATE = '2025-06-30';
