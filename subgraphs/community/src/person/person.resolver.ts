import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, Connection, DataClass, found, LIKE_ESCAPE, likePrefix, paginate, requireReach, type GridhubContext } from '@gridhub/kit';
import { House } from '../building/building.type';
import { houseById } from '../building/building.loader';
import { Community } from '../community/community.type';
import { communityById } from '../community/community.loader';
import { Grid } from '../grid/grid.type';
import { gridById } from '../grid/grid.loader';
import { PersonEntity, PersonTagEntity, ResidenceEntity } from './person.entity';
import { PersonsArgs, RecordCareVisitInput, RegisterPersonInput, UpdatePersonInput } from './person.input';
import { careVisitsByPerson, currentResidencesByPerson, personById, residencesByPerson, tagsByPerson } from './person.loader';
import { PopulationTag } from './person-tag';
import { CareVisit, Person, PersonTagRecord, Residence, RevealedIdentity } from './person.type';
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
    return found(await ctx.loaders.get(personById).load(Number(id)), 'Person', id);
  }

  @Query(() => PersonConnection, { description: 'Search registered persons; ordered by id' })
  async persons(@Args() { filter: given, first, after }: PersonsArgs, @Ctx() ctx: GridhubContext) {
    const filter = given ?? {}; // an explicit null too
    // Scoped by the kit: totalCount and pages count only the caller's persons.
    const qb = ctx.data.query(PersonEntity, 'p');
    const exists = (e: { sql: string; params: Record<string, unknown> }, not = false) => qb.andWhere(`${not ? 'NOT ' : ''}${e.sql}`, e.params);
    if (filter.gridId) qb.andWhere('p.gridId = :gridId', { gridId: Number(filter.gridId) });
    if (filter.communityId) qb.andWhere('p.communityId = :communityId', { communityId: Number(filter.communityId) });
    if (filter.buildingId)
      exists(ctx.data.exists(ResidenceEntity, 'r', 'r.personId = p.id AND r.movedOutAt IS NULL AND r.houseId IN (SELECT h.id FROM house h WHERE h.buildingId = :buildingId)', { buildingId: Number(filter.buildingId) }));
    // A filter by a special-population label is itself a read of the label (audited by the kit, even for a count).
    if (filter.tag) exists(ctx.data.exists(PersonTagEntity, 't', 't.personId = p.id AND t.tag = :tag', { tag: filter.tag }));
    if (filter.namePrefix) qb.andWhere(`p.name LIKE :prefix ${LIKE_ESCAPE}`, { prefix: likePrefix(filter.namePrefix) });
    if (filter.minAge != null || filter.maxAge != null) {
      if ((filter.minAge ?? 0) < 0 || (filter.maxAge ?? 0) < 0 || (filter.minAge ?? 0) > (filter.maxAge ?? Infinity))
        throw badInput('age range must satisfy 0 ≤ minAge ≤ maxAge', { field: 'filter.minAge' });
    }
    if (filter.minAge != null) qb.andWhere('p.birthDate <= :maxBirth', { maxBirth: yearsAgo(filter.minAge) });
    if (filter.maxAge != null) qb.andWhere('p.birthDate > :minBirth', { minBirth: yearsAgo(filter.maxAge + 1) });
    if (filter.withoutHouse != null) exists(ctx.data.exists(ResidenceEntity, 'r2', 'r2.personId = p.id AND r2.movedOutAt IS NULL', {}), filter.withoutHouse);
    return paginate(qb, { first, after }, { idColumn: 'p.id' });
  }

  @Mutation(() => Person, { description: 'Register a person; the ID number check digit and birth date are verified' })
  registerPerson(@Arg('input') input: RegisterPersonInput, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.PERSONAL, 'register persons', { write: true });
    return people.registerPerson(ctx.data, input);
  }

  @Mutation(() => Person, { description: 'Change a person; refused with CONFLICT when expectedVersion is stale' })
  updatePerson(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input') input: UpdatePersonInput,
    @Ctx() ctx: GridhubContext,
  ) {
    requireReach(ctx.identity, DataClass.PERSONAL, 'change persons', { write: true });
    return people.updatePerson(ctx.data, Number(id), expectedVersion, input);
  }

  @Mutation(() => PersonTagRecord)
  tagPerson(
    @Arg('personId', () => ID) personId: string,
    @Arg('tag', () => PopulationTag) tag: PopulationTag,
    @Ctx() ctx: GridhubContext,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    requireReach(ctx.identity, DataClass.PERSONAL, 'tag persons', { write: true });
    return people.tagPerson(ctx.data, Number(personId), tag, note ?? undefined);
  }

  @Mutation(() => CareVisit)
  recordCareVisit(@Arg('input') input: RecordCareVisitInput, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.PERSONAL, 'record care visits', { write: true });
    return people.recordCareVisit(ctx.data, input);
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

  @FieldResolver(() => Int, { description: 'Age in whole years (the birth date itself is masked to its year)' })
  age(@Root() p: Person): number {
    const now = new Date().toISOString().slice(0, 10);
    const years = Number(now.slice(0, 4)) - Number(p.birthDate.slice(0, 4));
    return now.slice(5) >= p.birthDate.slice(5) ? years : years - 1;
  }

  @FieldResolver(() => Grid)
  async grid(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(gridById).load(p.gridId), 'Grid', p.gridId);
  }

  @FieldResolver(() => Community)
  async community(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(communityById).load(p.communityId), 'Community', p.communityId);
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
  tags(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(tagsByPerson).load(p.id);
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
    return found(await ctx.loaders.get(personById).load(r.personId), 'Person', r.personId);
  }

  @FieldResolver(() => House, { description: 'The house (NOT_FOUND for a past house outside the caller\'s scope)' })
  async house(@Root() r: Residence, @Ctx() ctx: GridhubContext) {
    return found(await ctx.loaders.get(houseById).load(r.houseId), 'House', r.houseId);
  }
}
