import { auditModule, defineSubgraph } from '@gridhub/kit';
import type { CommunityPlan } from '@gridhub/seed';
import { BuildingEntity, HouseEntity } from './building/building.entity';
import { buildingById, houseById } from './building/building.loader';
import { BuildingResolver, HouseResolver } from './building/building.resolver';
import { CommunityEntity } from './community/community.entity';
import { communityById } from './community/community.loader';
import { CommunityResolver, SubdistrictCommunitiesResolver } from './community/community.resolver';
import { GridEntity } from './grid/grid.entity';
import { gridById } from './grid/grid.loader';
import { GridResolver } from './grid/grid.resolver';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import { OrganizationEntity } from './organization/organization.entity';
import { organizationById } from './organization/organization.loader';
import { OrganizationResolver } from './organization/organization.resolver';
import { CareVisitEntity, PersonEntity, PersonTagEntity, ResidenceEntity } from './person/person.entity';
import { personById } from './person/person.loader';
import { PersonResolver, ResidenceResolver } from './person/person.resolver';
import { GridAssignmentEntity, GridWorkerEntity } from './worker/grid-worker.entity';
import { gridWorkerById } from './worker/grid-worker.loader';
import { GridWorkerResolver } from './worker/grid-worker.resolver';
import { seedCommunity } from './seed';
import { VolunteerEntity, WechatGroupEntity } from './volunteer/volunteer.entity';
import { BuildingHeadResolver, GridVolunteersResolver, VolunteerResolver } from './volunteer/volunteer.resolver';

const entities = [
  CommunityEntity, GridEntity, GridWorkerEntity, GridAssignmentEntity, OrganizationEntity,
  BuildingEntity, HouseEntity, PersonEntity, ResidenceEntity, PersonTagEntity, CareVisitEntity, VolunteerEntity, WechatGroupEntity,
  ...auditModule.entities,
];

/** 社区/村 tier: communities, grids, grid workers, volunteers, WeChat groups, buildings, houses, persons, organisations. */
export const community = defineSubgraph({
  name: 'community',
  port: 4001,
  entities,
  migrations: { sqlite, mysql },
  resolvers: [
    CommunityResolver, SubdistrictCommunitiesResolver, GridResolver, GridWorkerResolver, OrganizationResolver,
    BuildingResolver, HouseResolver, PersonResolver, ResidenceResolver, VolunteerResolver, GridVolunteersResolver, BuildingHeadResolver,
    ...auditModule.resolvers,
  ],
  // References resolve through the same scoped loaders as every read: outside the caller's scope is NOT_FOUND.
  references: {
    Community: communityById, Grid: gridById, GridWorker: gridWorkerById, Building: buildingById, House: houseById, Person: personById,
    Organization: organizationById,
  },
  seed: (db, plan: CommunityPlan, _settings, progress) => seedCommunity(db, plan, progress),
});
