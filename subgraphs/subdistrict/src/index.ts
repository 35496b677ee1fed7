import { DataClass, defineSubgraph } from '@gridhub/kit';
import type { CommunityPlan } from '@gridhub/seed';
import { DeadlinePolicyEntity, EventCategoryEntity } from './category/category.entity';
import { EventCategoryResolver } from './category/category.resolver';
import { DepartmentEntity } from './department/department.entity';
import { departmentById } from './department/department.loader';
import { DepartmentResolver } from './department/department.resolver';
import { EventHistoryEntity, GridEventEntity } from './event/event.entity';
import { eventById } from './event/event.loader';
import { EventHistoryResolver, GridEventResolver, ReportEventResolver, type SubdistrictServices } from './event/event.resolver';
import { GridDirectory, GRIDS_QUERY, SERVICE_IDENTITY } from './grid/grid-directory';
import { gridReference } from './grid/grid.loader';
import { GridEventsResolver } from './grid/grid.resolver';
import { REFERENCE_DATA } from './category/category.data';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import { PlatformEntity } from './platform/platform.entity';
import { platformById } from './platform/platform.loader';
import { PlatformResolver } from './platform/platform.resolver';
import { CalendarDayEntity } from './calendar/calendar.entity';
import { CalendarResolver } from './calendar/calendar.resolver';
import { superviseRedEvents } from './event/event.supervision';
import { subdistrictWebhooks } from './event/event.webhooks';
import { seedSubdistrict } from './seed';
import { GovernanceStatsResolver } from './stats/stats.resolver';
import { SubdistrictEntity } from './subdistrict/subdistrict.entity';
import { subdistrictById } from './subdistrict/subdistrict.loader';
import { SubdistrictResolver } from './subdistrict/subdistrict.resolver';

const entities = [
  SubdistrictEntity, DepartmentEntity, PlatformEntity, EventCategoryEntity, DeadlinePolicyEntity, GridEventEntity, EventHistoryEntity,
  CalendarDayEntity, ...subdistrictWebhooks.entities,
];

/**
 * 街道 tier: the comprehensive-governance center's grid events, the smart platforms, departments and statistics.
 * `reportEvent` checks grids against the community subgraph, whose address the hub hands each instance.
 */
export const subdistrict = defineSubgraph<SubdistrictServices>({
  name: 'subdistrict',
  port: 4002,
  entities,
  migrations: { sqlite, mysql },
  referenceData: REFERENCE_DATA,
  resolvers: [
    SubdistrictResolver, DepartmentResolver, PlatformResolver, EventCategoryResolver, GridEventResolver, EventHistoryResolver,
    ReportEventResolver, GridEventsResolver, GovernanceStatsResolver, CalendarResolver, ...subdistrictWebhooks.resolvers,
  ],
  references: {
    Subdistrict: subdistrictById, Department: departmentById, Platform: platformById, GridEvent: eventById, Grid: gridReference,
  },
  // It reads every grid, retired ones included, and their workers (an ASSIGN names one of the event's community).
  calls: {
    identity: SERVICE_IDENTITY,
    grants: { actions: [], reach: { [DataClass.BOUNDARY]: 'all', [DataClass.STRUCTURE]: 'all' } },
    audiences: ['community'],
    documents: [GRIDS_QUERY],
  },
  services: ({ urls, callHeaders }) => ({ grids: new GridDirectory({ url: urls.community, headers: callHeaders('community') }) }),
  seed: (db, plan: CommunityPlan, _settings, progress) => seedSubdistrict(db, plan, progress),
  // Webhooks (GRID_EVENT_STATUS_CHANGED, GRID_EVENT_RED_SUPERVISED): written with each change, delivered in the background.
  start: (running) => subdistrictWebhooks.start(running),
  jobs: [
    // 督办: an event late by its stage's time limit goes into the centre's supervision queue, once.
    { name: 'supervise-red-events', everyMs: 60_000, run: (running) => superviseRedEvents(running.db, new Date(), running.log) },
  ],
});
