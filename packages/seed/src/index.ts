// The seed plan (reference scale × N) and the tools every tier's seeder shares. The seeders themselves live with
// their tier (subgraphs/<name>/src/seed.ts): this package imports no subgraph.
export { buildPlan } from './plan';
export type {
  SeedOptions, CommunityPlan, SubdistrictPlan, ComplexPlan, CommunityRow, GridRow, OrganizationRow, GridWorkerRow, GridAssignmentRow,
  BuildingRow, HouseRow, PersonRow, ResidenceRow, PersonTagRow, PersonTagName, SeedProgress, SeedResult, VolunteerRow, VolunteerRole, WechatGroupRow,
} from './types';
export { REFERENCE_COUNTS, VOLUNTEER_ROLES, RESTRICTED_TAG_COUNTS, DEMO_COMPLEX, DISTRICT, GRIDS_MERGED_ON, PLAN_DATE } from './layout';
export { createProgressBar } from './progress';
export { insertTables, chunkSize, type SeedTable } from './write';
export { Random } from './random';
export { dayOf, isoOf, addYears } from './dates';
export { blockBox, communityBoxes, tile, ringOf, boxOf, pointIn, type Box, type Ring } from './geometry';
