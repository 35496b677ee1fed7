import type { CommunityKind, RESTRICTED_TAG_COUNTS } from './layout';
import type { Sex } from './names';

export interface SeedOptions {
  /** Multiplies every reference count; scale N is N subdistricts laid out like the reference one. */
  scale: number;
  /** Same seed, same plan, byte for byte. */
  seed: number;
}

// Rows exactly as the community seeder writes them: every column with an explicit id, as plain data (this package
// imports no subgraph; the community seeder's test checks the rows against its entities). Columns the database
// maintains (version, timestamps) are left out.
export interface CommunityRow {
  id: number;
  /** 12-digit village-level division code. */
  code: string;
  name: string;
  kind: CommunityKind;
  subdistrictId: number;
  station: string;
  address: string;
}
export interface GridRow {
  id: number;
  code: string;
  name: string;
  communityId: number;
  /** URBAN | RURAL */
  kind: string;
  partyBranchId: number | null;
  validFrom: string;
  validTo: string | null;
  successorId: number | null;
  /** Its area as a closed ring of [lng, lat] (current grids; null for retired ones). */
  boundary: [number, number][] | null;
}
export interface OrganizationRow {
  id: number;
  name: string;
  kind: string;
  communityId: number;
  contactName: string | null;
}
export interface GridWorkerRow {
  id: number;
  name: string;
  /** FULL_TIME | PART_TIME */
  kind: string;
  phone: string;
  communityId: number;
}
export interface GridAssignmentRow {
  id: number;
  workerId: number;
  gridId: number;
}
export interface BuildingRow {
  id: number;
  name: string;
  address: string;
  communityId: number;
  gridId: number;
  kind: string;
  floors: number;
}
export interface HouseRow {
  id: number;
  buildingId: number;
  gridId: number;
  unit: string;
  floor: number;
  number: string;
  area: number;
  use: string;
}
export interface PersonRow {
  id: number;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: string;
  phone: string | null;
  gridId: number;
  communityId: number;
  /** LOCAL | FLOATING */
  residency: string;
}
export interface ResidenceRow {
  id: number;
  personId: number;
  houseId: number;
  /** OWNER | TENANT | FAMILY */
  relation: string;
  movedInAt: string;
  movedOutAt: string | null;
}
/** The population tags the plan draws (the community subgraph's `PopulationTag` values). */
export type PersonTagName =
  | 'ELDERLY_ALONE' | 'ELDERLY' | 'DISABLED' | 'LOW_INCOME' | 'VETERAN' | 'LEFT_BEHIND_CHILD' | 'PARTY_MEMBER' | 'VOLUNTEER'
  | keyof typeof RESTRICTED_TAG_COUNTS;
export interface PersonTagRow {
  id: number;
  personId: number;
  tag: PersonTagName;
  restricted: boolean;
  note: string | null;
}

/** A subdistrict (街道); owned by the subdistrict subgraph, listed so its seeder uses the same ids. */
export interface SubdistrictPlan {
  id: number;
  /** 9-digit township-level division code (district code + 3 digits). */
  code: string;
  name: string;
}

/** A residential complex (小区); owned by the complex subgraph, listed so its seeder finds its buildings. */
export interface ComplexPlan {
  id: number;
  name: string;
  communityId: number;
  address: string;
  buildingIds: number[];
}

/** The whole community tier, in memory, with explicit ids 1..n per table (in block order). */
/** 志愿者: the grid's volunteer force, by what they do. */
export type VolunteerRole = 'PARTY_MEMBER' | 'CADRE' | 'BUILDING_HEAD' | 'PROPERTY_STAFF';
export interface VolunteerRow {
  id: number;
  name: string;
  role: VolunteerRole;
  communityId: number;
  gridId: number;
  /** The building a building head (楼栋长) looks after; null for other roles. */
  buildingId: number | null;
}
/** 网格微信群: a grid's WeChat group, through which residents report and the grid worker notifies. */
export interface WechatGroupRow {
  id: number;
  name: string;
  communityId: number;
  gridId: number;
  memberCount: number;
}

/** 走访: a care visit to a key person by the grid worker of the person's grid. */
export interface CareVisitRow {
  id: number;
  personId: number;
  workerId: number | null;
  visitor: string;
  visitedAt: Date;
  /** HOME_VISIT | PHONE | ESCORT | OTHER */
  kind: string;
  note: string;
}

export interface CommunityPlan extends SeedOptions {
  subdistricts: SubdistrictPlan[];
  communities: CommunityRow[];
  grids: GridRow[];
  organizations: OrganizationRow[];
  workers: GridWorkerRow[];
  assignments: GridAssignmentRow[];
  complexes: ComplexPlan[];
  buildings: BuildingRow[];
  houses: HouseRow[];
  persons: PersonRow[];
  residences: ResidenceRow[];
  personTags: PersonTagRow[];
  volunteers: VolunteerRow[];
  wechatGroups: WechatGroupRow[];
  careVisits: CareVisitRow[];
}

/** Values that must stay unique across every block of the plan. */
export interface Taken {
  idNumbers: Set<string>;
  phones: Set<string>;
}

// The kit's, so a seeder's signature is the one its subgraph definition declares.
export type { SeedProgress } from '@gridhub/kit';

export interface SeedResult {
  /** Rows written per table (0 for a table whose rows were all present). */
  inserted: Record<string, number>;
  /** True when every subdistrict block of the plan was already in the database: nothing was written. */
  skipped: boolean;
}
