import type {
  BuildingEntity, CommunityEntity, GridAssignmentEntity, GridEntity, GridWorkerEntity, HouseEntity, OrganizationEntity,
  PersonEntity, PersonTagEntity, ResidenceEntity,
} from '@gridhub/community';
import { DISTRICT } from './layout';
import { planHousing } from './housing';
import { placeName } from './names';
import { planPopulation } from './population';
import { Random } from './random';
import { planTerritory } from './territory';

export interface SeedOptions {
  /** Multiplies every reference count; scale N is N subdistricts laid out like the reference one. */
  scale: number;
  /** Same seed, same plan, byte for byte. */
  seed: number;
}

// Rows exactly as the seed writes them: every entity column with an explicit id. Typed from the entities so
// the plan cannot drift from the schema; columns the database maintains (version, timestamps) are left out.
export type CommunityRow = CommunityEntity;
export type GridRow = GridEntity;
export type OrganizationRow = OrganizationEntity;
export type GridWorkerRow = GridWorkerEntity;
export type GridAssignmentRow = GridAssignmentEntity;
export type BuildingRow = BuildingEntity;
export type HouseRow = HouseEntity;
export type PersonRow = Omit<PersonEntity, 'version' | 'createdAt' | 'updatedAt'>;
export type ResidenceRow = ResidenceEntity;
export type PersonTagRow = Omit<PersonTagEntity, 'createdAt'>;

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
}

/** Values that must stay unique across every block of the plan. */
export interface Taken {
  idNumbers: Set<string>;
  phones: Set<string>;
}

/**
 * Builds the community tier as a pure function of (scale, seed). Block b (one subdistrict) draws only from
 * streams keyed by (seed, b), so the plan at scale N starts with exactly the plan at scale N − 1.
 */
export function buildPlan({ scale = 1, seed = 1 }: Partial<SeedOptions> = {}): CommunityPlan {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a whole number ≥ 1, got ${scale}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const plan: CommunityPlan = {
    scale, seed, subdistricts: [], communities: [], grids: [], organizations: [], workers: [], assignments: [],
    complexes: [], buildings: [], houses: [], persons: [], residences: [], personTags: [],
  };
  const taken: Taken = { idNumbers: new Set(), phones: new Set() };
  for (let block = 0; block < scale; block++) {
    const subdistrict = planSubdistrict(plan, seed, block);
    const areas = planTerritory(plan, Random.for(seed, 'territory', block), subdistrict, block, taken);
    planHousing(plan, Random.for(seed, 'housing', block), areas, block);
    planPopulation(plan, Random.for(seed, 'population', block), areas, taken);
  }
  return plan;
}

function planSubdistrict(plan: CommunityPlan, seed: number, block: number): SubdistrictPlan {
  const id = plan.subdistricts.length + 1;
  const name = block === 0 ? '几江街道' : `${placeName(Random.for(seed, 'subdistrict', block))}街道`;
  const subdistrict = { id, code: `${DISTRICT.code}${String(id).padStart(3, '0')}`, name };
  plan.subdistricts.push(subdistrict);
  return subdistrict;
}
