import { DISTRICT } from './layout';
import { planHousing } from './housing';
import { placeName } from './names';
import { planPopulation } from './population';
import { Random } from './random';
import { planTerritory } from './territory';
import { planCareVisits, planVolunteers, planWechatGroups } from './volunteers';
import type { CommunityPlan, SeedOptions, SubdistrictPlan, Taken } from './types';

/**
 * Builds the community tier as a pure function of (scale, seed). Block b (one subdistrict) draws only from
 * streams keyed by (seed, b), so the plan at scale N starts with exactly the plan at scale N − 1.
 */
export function buildPlan({ scale = 1, seed = 1 }: Partial<SeedOptions> = {}): CommunityPlan {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a whole number ≥ 1, got ${scale}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const plan: CommunityPlan = {
    scale, seed, subdistricts: [], communities: [], grids: [], organizations: [], workers: [], assignments: [],
    complexes: [], buildings: [], houses: [], persons: [], residences: [], personTags: [], volunteers: [], wechatGroups: [], careVisits: [],
  };
  const taken: Taken = { idNumbers: new Set(), phones: new Set() };
  for (let block = 0; block < scale; block++) {
    const subdistrict = planSubdistrict(plan, seed, block);
    const areas = planTerritory(plan, Random.for(seed, 'territory', block), subdistrict, block, taken);
    planHousing(plan, Random.for(seed, 'housing', block), areas, block);
    planPopulation(plan, Random.for(seed, 'population', block), areas, taken);
    // Their own stream: adding them changed no row drawn before.
    planVolunteers(plan, Random.for(seed, 'volunteers', block), areas);
    planWechatGroups(plan, Random.for(seed, 'wechat', block), areas);
    planCareVisits(plan, Random.for(seed, 'care-visits', block), areas);
  }
  return plan;
}

function planSubdistrict(plan: CommunityPlan, seed: number, block: number): SubdistrictPlan {
  const id = plan.subdistricts.length + 1;
  // The reference subdistrict of the article (圣泉街道); 几江 is the power-supply centre in the tree-hazard story.
  const name = block === 0 ? '圣泉街道' : `${placeName(Random.for(seed, 'subdistrict', block))}街道`;
  const subdistrict = { id, code: `${DISTRICT.code}${String(id).padStart(3, '0')}`, name };
  plan.subdistricts.push(subdistrict);
  return subdistrict;
}
