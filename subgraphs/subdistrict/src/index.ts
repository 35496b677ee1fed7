import { defineSubgraph, type SubgraphDefinition } from '@gridhub/kit';
import { DeadlinePolicyEntity, EventCategoryEntity } from './category/category.entity';
import { EventCategoryResolver } from './category/category.resolver';
import { DepartmentEntity } from './department/department.entity';
import { departmentById } from './department/department.loader';
import { DepartmentResolver } from './department/department.resolver';
import { EventHistoryEntity, GridEventEntity } from './event/event.entity';
import { eventById } from './event/event.loader';
import { EventHistoryResolver, GridEventResolver, ReportEventResolver, type SubdistrictServices } from './event/event.resolver';
import { GridDirectory, type GridDirectoryOptions } from './grid/grid-directory';
import { gridReference } from './grid/grid.loader';
import { GridEventsResolver } from './grid/grid.resolver';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import { PlatformEntity } from './platform/platform.entity';
import { platformById } from './platform/platform.loader';
import { PlatformResolver } from './platform/platform.resolver';
import { GovernanceStatsResolver } from './stats/stats.resolver';
import { SubdistrictEntity } from './subdistrict/subdistrict.entity';
import { subdistrictById } from './subdistrict/subdistrict.loader';
import { SubdistrictResolver } from './subdistrict/subdistrict.resolver';

export const entities = [
  SubdistrictEntity, DepartmentEntity, PlatformEntity, EventCategoryEntity, DeadlinePolicyEntity, GridEventEntity, EventHistoryEntity,
];

export interface SubdistrictOptions {
  /** Where `reportEvent` checks that a grid exists: the community subgraph (options), or a ready directory. */
  grids: GridDirectoryOptions | GridDirectory;
}

export interface SubdistrictSubgraph extends SubgraphDefinition<SubdistrictServices> {
  /** The grid directory `reportEvent` uses (tests inspect and invalidate it). */
  grids: GridDirectory;
}

/**
 * 街道 tier: the comprehensive-governance center's grid events, the smart platforms, departments and statistics.
 * A factory because `reportEvent` checks grids against the community subgraph, whose address is configuration.
 */
export function subdistrict(options: SubdistrictOptions): SubdistrictSubgraph {
  const grids = options.grids instanceof GridDirectory ? options.grids : new GridDirectory(options.grids);
  const definition = defineSubgraph({
    name: 'subdistrict',
    entities,
    migrations: { sqlite, mysql },
    resolvers: [
      SubdistrictResolver, DepartmentResolver, PlatformResolver, EventCategoryResolver, GridEventResolver, EventHistoryResolver,
      ReportEventResolver, GridEventsResolver, GovernanceStatsResolver,
    ],
    references: {
      Subdistrict: subdistrictById, Department: departmentById, Platform: platformById, GridEvent: eventById, Grid: gridReference,
    },
    services: { grids },
  });
  return { ...definition, grids };
}

export {
  SubdistrictEntity, DepartmentEntity, PlatformEntity, EventCategoryEntity, DeadlinePolicyEntity, GridEventEntity, EventHistoryEntity,
  GridDirectory, type GridDirectoryOptions,
};
export type { GridInfo } from './grid/grid-directory';
export { GRIDS_QUERY, SERVICE_IDENTITY } from './grid/grid-directory';
export { CitizenChannel, EventAction, EventPriority, EventSource, EventStatus, FINAL_STATUSES, HistoryAction, Supervision } from './event/event.enums';
export { TRANSITIONS, stageOf, type Transition, type TransitionCondition } from './event/event.machine';
export { applyTransition, currentDeadline, type Assignment } from './event/event.service';
export { addTime, stageDeadline, TimeUnit } from './category/deadline';
export { CATEGORY_ROWS, POLICY_ROWS } from './category/category.data';
export { percentile } from './stats/stats.service';
export { seedSubdistrict } from './seed';
