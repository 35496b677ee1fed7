export {
  buildPlan, type SeedOptions, type CommunityPlan, type SubdistrictPlan, type ComplexPlan, type CommunityRow, type GridRow,
  type OrganizationRow, type GridWorkerRow, type GridAssignmentRow, type BuildingRow, type HouseRow, type PersonRow,
  type ResidenceRow, type PersonTagRow,
} from './plan';
export { REFERENCE_COUNTS, DEMO_COMPLEX, DISTRICT, GRIDS_MERGED_ON, PLAN_DATE } from './layout';
export { seedCommunity, type SeedProgress, type SeedResult } from './community';
export { createProgressBar } from './progress';
export { seedSubdistrict } from './subdistrict';
export { seedComplex, COMPLEX_REFERENCE_COUNTS, type ComplexSeedOptions } from './complex';
export { seedPowergrid, POWERGRID_AGENCIES, POWERGRID_REFERENCE_COUNTS, SEED_YEAR } from './powergrid';
