import { conflict } from '@gridhub/kit';
import { boxOf, insertTables, type CommunityPlan, type CommunityRow, type PersonRow, type SeedProgress, type SeedResult } from '@gridhub/seed';
import { In, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { BuildingEntity, HouseEntity } from './building/building.entity';
import { CommunityEntity } from './community/community.entity';
import { GridEntity } from './grid/grid.entity';
import { OrganizationEntity } from './organization/organization.entity';
import { CareVisitEntity, PersonEntity, PersonTagEntity, ResidenceEntity } from './person/person.entity';
import { VolunteerEntity, WechatGroupEntity } from './volunteer/volunteer.entity';
import { GridAssignmentEntity, GridWorkerEntity } from './worker/grid-worker.entity';


interface Table {
  name: string;
  entity: EntityTarget<ObjectLiteral>;
  rows: ObjectLiteral[];
  /** The subdistrict block a row belongs to. */
  blockOf: (row: ObjectLiteral) => number;
}

/** The plan's tables in writing order, each row traced to its subdistrict block. */
function tablesOf(plan: CommunityPlan): Table[] {
  const subdistrictOf = new Map(plan.communities.map((c) => [c.id, c.subdistrictId]));
  const byCommunity = (row: ObjectLiteral) => subdistrictOf.get(row.communityId)!;
  const gridBlock = new Map(plan.grids.map((g) => [g.id, byCommunity(g)]));
  const workerBlock = new Map(plan.workers.map((w) => [w.id, byCommunity(w)]));
  const personBlock = new Map(plan.persons.map((p) => [p.id, byCommunity(p)]));
  // The plan's plain rows must fit the entity's columns: a drift between them fails to compile here.
  const table = <E extends ObjectLiteral, T extends Partial<E>>(name: string, entity: EntityTarget<E>, rows: T[], blockOf: (row: T) => number): Table =>
    ({ name, entity, rows, blockOf: blockOf as (row: ObjectLiteral) => number });
  return [
    table('community', CommunityEntity, plan.communities, (c) => c.subdistrictId),
    table('grid', GridEntity, plan.grids.map((g) => ({ ...g, ...(g.boundary ? boxOf(g.boundary) : {}) })), byCommunity),
    table('organization', OrganizationEntity, plan.organizations, byCommunity),
    table('grid_worker', GridWorkerEntity, plan.workers, byCommunity),
    table('grid_assignment', GridAssignmentEntity, plan.assignments, (a) => workerBlock.get(a.workerId)!),
    table('building', BuildingEntity, plan.buildings, byCommunity),
    table('house', HouseEntity, plan.houses, (h) => gridBlock.get(h.gridId)!),
    table('person', PersonEntity, plan.persons, byCommunity),
    table('residence', ResidenceEntity, plan.residences, (r) => personBlock.get(r.personId)!),
    table('person_tag', PersonTagEntity, plan.personTags, (t) => personBlock.get(t.personId)!),
    table('volunteer', VolunteerEntity, plan.volunteers, byCommunity),
    table('wechat_group', WechatGroupEntity, plan.wechatGroups, byCommunity),
    table('care_visit', CareVisitEntity, plan.careVisits, (v) => personBlock.get(v.personId)!),
  ];
}

/**
 * Whether a subdistrict block is already written. One transaction writes a block's rows, so its communities
 * stand for all of it; its first person's ID number (drawn from the seed) tells a different seed apart.
 * Anything else in those ids is not this plan's data, and writing over it is refused.
 */
async function isWritten(m: EntityManager, communities: CommunityRow[], firstPerson: PersonRow | undefined): Promise<boolean> {
  const found = await m.findBy(CommunityEntity, { id: In(communities.map((c) => c.id)) });
  if (found.length === 0) return false;
  const person = firstPerson && (await m.findOneBy(PersonEntity, { id: firstPerson.id }));
  const same = found.length === communities.length && found.every((f) => communities.some((c) => c.id === f.id && c.code === f.code))
    && (!firstPerson || person?.idNumber === firstPerson.idNumber);
  if (!same)
    throw conflict('the community database holds other data where this seed plan goes (another seed, scale or hand-made rows); seed an empty database', {
      subdistrictId: communities[0]!.subdistrictId,
    });
  return true;
}

/**
 * Writes the plan with its explicit ids in one transaction, as multi-row INSERTs in chunks. Idempotent per
 * subdistrict block: blocks already written are left alone, so re-running the same plan writes nothing
 * (`skipped`), and raising the scale writes only the new blocks.
 */
export async function seedCommunity(db: DataSource, plan: CommunityPlan, progress?: SeedProgress): Promise<SeedResult> {
  const tables = tablesOf(plan);
  const written = new Set<number>();
  for (const { id } of plan.subdistricts) {
    const communities = plan.communities.filter((c) => c.subdistrictId === id);
    if (await isWritten(db.manager, communities, plan.persons.find((p) => p.communityId === communities[0]?.id))) written.add(id);
  }
  const pending = tables.map((t) => ({ ...t, rows: t.rows.filter((row) => !written.has(t.blockOf(row))) }));
  const inserted = Object.fromEntries(pending.map((t) => [t.name, t.rows.length]));
  const total = pending.reduce((sum, t) => sum + t.rows.length, 0);
  if (total === 0) return { inserted, skipped: true };

  await db.transaction((m) => insertTables(m, pending, { done: 0, total }, progress));
  return { inserted, skipped: false };
}
