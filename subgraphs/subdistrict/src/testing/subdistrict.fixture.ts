import { Role, type Dialect, type Identity } from '@gridhub/kit';
import { startTestSubgraph, type GraphqlResult, type TestSubgraph } from '@gridhub/kit/testing';
import { GridDirectory, type GridInfo } from '../grid/grid-directory';
import { subdistrict } from '../index';

/** Grids of two communities (grid worker n works in grid n), and a retired one, standing in for the community subgraph in unit tests. */
export const TEST_GRIDS: GridInfo[] = [
  ...[1, 2, 3, 4, 5].map((id) => ({ id, communityId: 1, validTo: null, workerIds: [id] })),
  ...[6, 7, 8, 9, 10].map((id) => ({ id, communityId: 2, validTo: null, workerIds: [id] })),
  { id: 99, communityId: 1, validTo: '2024-06-30' },
];

export const identities = {
  admin: { subject: 'admin-1', role: Role.SUBDISTRICT_ADMIN, name: '街道管理员' },
  operator: { subject: 'op-1', role: Role.CENTER_OPERATOR, name: '综治中心值班员' },
  staff1: { subject: 'staff-1', role: Role.COMMUNITY_STAFF, name: '社区工作人员', communityIds: [1] },
  staff2: { subject: 'staff-2', role: Role.COMMUNITY_STAFF, communityIds: [2] },
  worker: { subject: 'gw-1', role: Role.GRID_WORKER, name: '网格员甲', gridIds: [1, 2] },
  otherWorker: { subject: 'gw-2', role: Role.GRID_WORKER, name: '网格员乙', gridIds: [1, 2] },
  farWorker: { subject: 'gw-3', role: Role.GRID_WORKER, gridIds: [6] },
  partner: { subject: 'powergrid-1', role: Role.PARTNER, agency: 'State Grid' },
  complex: { subject: 'cm-1', role: Role.COMPLEX_MANAGER, complexIds: [1] },
  auditor: { subject: 'aud-1', role: Role.AUDITOR },
} satisfies Record<string, Identity>;

/** The subdistrict definition with its grid directory fed by `fetchGrids` instead of the community subgraph. */
export const withGrids = (fetchGrids: () => Promise<GridInfo[]>) => ({ ...subdistrict, services: () => ({ grids: new GridDirectory({ fetchGrids }) }) });

export interface TestSubdistrict extends TestSubgraph {
  /** Grid-list fetches the directory made. */
  fetches: () => number;
  /** `query` with the identity first, as these suites read best. */
  ask<T = unknown>(identity: Identity, query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
}

/** A subdistrict subgraph on a throwaway database, its grid directory fed from `grids`. */
export async function startTestSubdistrict(dialect: Dialect, grids: GridInfo[] = TEST_GRIDS): Promise<TestSubdistrict> {
  let fetches = 0;
  const t = await startTestSubgraph(withGrids(async () => (fetches++, grids)), { dialect });
  return { ...t, fetches: () => fetches, ask: (identity, query, variables) => t.query(query, variables, identity) };
}
