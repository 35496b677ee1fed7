import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  applyScope, badInput, Connection, LIKE_ESCAPE, likePrefix, paginate, requireReach, requireVisible, scopeOf,
  type GridhubContext,
} from '@gridhub/kit';
import { House } from '../building/building.type';
import { houseById } from '../building/building.loader';
import { Community } from '../community/community.type';
import { communityById } from '../community/community.loader';
import { Grid } from '../grid/grid.type';
import { gridById } from '../grid/grid.loader';
import { PersonEntity } from './person.entity';
import { PersonsArgs, RecordCareVisitInput, RegisterPersonInput, UpdatePersonInput } from './person.input';
import { careVisitsByPerson, currentResidencesByPerson, personById, residencesByPerson, tagsByPerson } from './person.loader';
import { PopulationTag } from './person-tag';
import { CareVisit, Person, PersonTagRecord, Residence, RevealedIdentity } from './person.type';
import { auditTagSearch, visibleTags } from './person.audit';
import { personRow, PERSONS } from '../scope';
import * as people from './person.service';

const PersonConnection = Connection(Person);

/** Date `years` before today, as YYYY-MM-DD (birth dates are compared as ISO strings). */
const yearsAgo = (years: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  async person(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return requireVisible(ctx.identity, PERSONS, await ctx.loaders.get(personById).load(Number(id)), personRow, 'Person', id);
  }

  @Query(() => PersonConnection, { description: 'Search registered persons; ordered by id' })
  async persons(@Args() { filter = {}, first, after }: PersonsArgs, @Ctx() ctx: GridhubContext) {
    const qb = ctx.db.getRepository(PersonEntity).createQueryBuilder('p');
    // Row filter first: totalCount and pages count only the caller's persons.
    applyScope(qb, scopeOf(ctx.identity, PERSONS), { gridId: 'p.gridId', communityId: 'p.communityId' });
    if (filter.gridId) qb.andWhere('p.gridId = :gridId', { gridId: Number(filter.gridId) });
    if (filter.communityId) qb.andWhere('p.communityId = :communityId', { communityId: Number(filter.communityId) });
    if (filter.buildingId)
      qb.andWhere(
        'EXISTS (SELECT 1 FROM residence r INNER JOIN house h ON h.id = r.houseId WHERE r.personId = p.id AND r.movedOutAt IS NULL AND h.buildingId = :buildingId)',
        { buildingId: Number(filter.buildingId) },
      );
    if (filter.tag) qb.andWhere('EXISTS (SELECT 1 FROM person_tag t WHERE t.personId = p.id AND t.tag = :tag)', { tag: filter.tag });
    if (filter.namePrefix) qb.andWhere(`p.name LIKE :prefix ${LIKE_ESCAPE}`, { prefix: likePrefix(filter.namePrefix) });
    if (filter.minAge != null || filter.maxAge != null) {
      if ((filter.minAge ?? 0) < 0 || (filter.maxAge ?? 0) < 0 || (filter.minAge ?? 0) > (filter.maxAge ?? Infinity))
        throw badInput('age range must satisfy 0 ≤ minAge ≤ maxAge', { field: 'filter.minAge' });
    }
    if (filter.minAge != null) qb.andWhere('p.birthDate <= :maxBirth', { maxBirth: yearsAgo(filter.minAge) });
    if (filter.maxAge != null) qb.andWhere('p.birthDate > :minBirth', { minBirth: yearsAgo(filter.maxAge + 1) });
    if (filter.withoutHouse != null)
      qb.andWhere(
        `${filter.withoutHouse ? 'NOT ' : ''}EXISTS (SELECT 1 FROM residence r2 WHERE r2.personId = p.id AND r2.movedOutAt IS NULL)`,
      );
    const page = await paginate(qb, { first, after }, { idColumn: 'p.id' });
    auditTagSearch(ctx, filter.tag, page.edges.map((e) => e.node.id));
    return page;
  }

  @Mutation(() => Person, { description: 'Register a person; the ID number check digit and birth date are verified' })
  registerPerson(@Arg('input') input: RegisterPersonInput, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, PERSONS, 'register persons', { write: true });
    return people.registerPerson(ctx.db, ctx.identity, input);
  }

  @Mutation(() => Person, { description: 'Change a person; refused with CONFLICT when expectedVersion is stale' })
  updatePerson(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input') input: UpdatePersonInput,
    @Ctx() ctx: GridhubContext,
  ) {
    requireReach(ctx.identity, PERSONS, 'change persons', { write: true });
    return people.updatePerson(ctx.db, ctx.identity, Number(id), expectedVersion, input);
  }

  @Mutation(() => PersonTagRecord)
  tagPerson(
    @Arg('personId', () => ID) personId: string,
    @Arg('tag', () => PopulationTag) tag: PopulationTag,
    @Ctx() ctx: GridhubContext,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    requireReach(ctx.identity, PERSONS, 'tag persons', { write: true });
    return people.tagPerson(ctx.db, ctx.identity, Number(personId), tag, note ?? undefined);
  }

  @Mutation(() => CareVisit)
  recordCareVisit(@Arg('input') input: RecordCareVisitInput, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, PERSONS, 'record care visits', { write: true });
    return people.recordCareVisit(ctx.db, ctx.identity, input);
  }

  @Mutation(() => RevealedIdentity, {
    description:
      'The clear ID number and phone of one person, for a stated purpose (at least 4 characters). SUBDISTRICT_ADMIN, COMMUNITY_STAFF of ' +
      "the person's community and GRID_WORKER of the person's grid only (FORBIDDEN for other roles, NOT_FOUND outside the caller's scope). " +
      'Every reveal writes one audit row in the same transaction.',
  })
  revealPersonIdentity(@Arg('personId', () => ID) personId: string, @Arg('purpose') purpose: string, @Ctx() ctx: GridhubContext) {
    return people.revealPersonIdentity(ctx, Number(personId), purpose);
  }

  @FieldResolver(() => Int)
  age(@Root() p: Person): number {
    const now = new Date().toISOString().slice(0, 10);
    const years = Number(now.slice(0, 4)) - Number(p.birthDate.slice(0, 4));
    return now.slice(5) >= p.birthDate.slice(5) ? years : years - 1;
  }

  @FieldResolver(() => Grid)
  grid(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(gridById).load(p.gridId);
  }

  @FieldResolver(() => Community)
  community(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(communityById).load(p.communityId);
  }

  @FieldResolver(() => House, { nullable: true, description: 'Current house (latest residence not moved out of)' })
  async house(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    const current = await ctx.loaders.get(currentResidencesByPerson).load(p.id);
    const latest = current.reduce<(typeof current)[number] | undefined>((a, r) => (!a || r.movedInAt > a.movedInAt ? r : a), undefined);
    return latest ? ctx.loaders.get(houseById).load(latest.houseId) : null;
  }

  @FieldResolver(() => [Residence], { description: 'Every residence, newest first, including past ones' })
  residences(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(residencesByPerson).load(p.id);
  }

  @FieldResolver(() => [PersonTagRecord])
  async tags(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return visibleTags(ctx, await ctx.loaders.get(tagsByPerson).load(p.id));
  }

  @FieldResolver(() => [CareVisit], { description: 'Care visits, newest first' })
  careVisits(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(careVisitsByPerson).load(p.id);
  }
}

@Resolver(() => Residence)
export class ResidenceResolver {
  @FieldResolver(() => Person)
  async person(@Root() r: Residence, @Ctx() ctx: GridhubContext) {
    return requireVisible(ctx.identity, PERSONS, await ctx.loaders.get(personById).load(r.personId), personRow, 'Person', r.personId);
  }

  @FieldResolver(() => House)
  house(@Root() r: Residence, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(houseById).load(r.houseId);
  }
}
