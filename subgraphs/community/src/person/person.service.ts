import {
  AuditAction, badInput, conflict, forbidden, notFound, requireWritable, requireWritableTarget, Role, validateIdNumber, validatePhone, writeAudit,
  type GridhubContext, type Identity,
} from '@gridhub/kit';
import type { DataSource, EntityManager } from 'typeorm';
import { HouseEntity } from '../building/building.entity';
import { GridEntity } from '../grid/grid.entity';
import { GridWorkerEntity } from '../worker/grid-worker.entity';
import { CareVisitEntity, PersonEntity, PersonTagEntity, ResidenceEntity } from './person.entity';
import type { RecordCareVisitInput, RegisterPersonInput, UpdatePersonInput } from './person.input';
import { PopulationTag, RESTRICTED_TAGS } from './person-tag';
import { ResidenceRelation } from './person.type';
import { gridRow, personRow, PERSONS } from '../scope';

const today = () => new Date().toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 32) throw badInput('name must have 1 to 32 characters', { field: 'name' });
  return trimmed;
}

function checkPhone(phone: string | undefined): string | null | undefined {
  if (phone === undefined) return undefined;
  if (phone === '') return null;
  if (!validatePhone(phone)) throw badInput('phone must be a mainland mobile (11 digits) or a landline with area code', { field: 'phone' });
  return phone;
}

/** Unique-key violations from either driver, reported as CONFLICT instead of an internal error. */
const isDuplicate = (err: unknown) => /UNIQUE constraint failed|Duplicate entry|ER_DUP_ENTRY/i.test(String((err as Error)?.message));

async function currentGrid(m: EntityManager, id: number): Promise<GridEntity> {
  const grid = await m.findOneBy(GridEntity, { id });
  if (!grid) throw notFound('Grid', id);
  if (grid.validTo) throw badInput(`grid ${grid.code} was retired on ${grid.validTo}; register into grid ${grid.successorId}`, { field: 'gridId' });
  return grid;
}

async function moveIn(m: EntityManager, personId: number, house: HouseEntity, relation: string, date: string) {
  await m.update(ResidenceEntity, { personId, movedOutAt: null as never }, { movedOutAt: date });
  await m.insert(ResidenceEntity, { personId, houseId: house.id, relation, movedInAt: date, movedOutAt: null });
}

/** The person, if the caller may change it: NOT_FOUND when missing or outside its scope, FORBIDDEN when read-only. */
async function writablePerson(m: EntityManager, identity: Identity, id: number): Promise<PersonEntity> {
  const person = await m.findOneBy(PersonEntity, { id });
  if (!person) throw notFound('Person', id);
  requireWritable(identity, PERSONS, personRow(person), 'Person', id);
  return person;
}

/** Validates everything first and writes in one transaction, so a refused registration writes nothing. */
export async function registerPerson(db: DataSource, identity: Identity, input: RegisterPersonInput): Promise<PersonEntity> {
  const name = checkName(input.name);
  const checked = validateIdNumber(input.idNumber);
  if (!checked.ok) throw badInput(checked.reason, { field: 'idNumber' });
  if (input.birthDate !== undefined && input.birthDate !== checked.info.birthDate)
    throw badInput(`birthDate ${input.birthDate} differs from the birth date in the ID number (${checked.info.birthDate})`, { field: 'birthDate' });
  const phone = checkPhone(input.phone) ?? null;
  const movedInAt = input.movedInAt ?? today();
  if (!DATE.test(movedInAt)) throw badInput('movedInAt must be a date (YYYY-MM-DD)', { field: 'movedInAt' });
  if (!input.gridId && !input.houseId) throw badInput('give a gridId or a houseId', { field: 'gridId' });
  const idNumber = input.idNumber.trim().toUpperCase();

  try {
    return await db.transaction(async (m) => {
      const house = input.houseId ? await m.findOneBy(HouseEntity, { id: Number(input.houseId) }) : null;
      if (input.houseId && !house) throw notFound('House', input.houseId);
      const gridId = house?.gridId ?? Number(input.gridId);
      if (house && input.gridId && Number(input.gridId) !== house.gridId)
        throw badInput(`house ${house.id} is in grid ${house.gridId}, not ${input.gridId}`, { field: 'gridId' });
      const grid = await currentGrid(m, gridId);
      requireWritableTarget(identity, PERSONS, gridRow(grid), `registering into grid ${grid.id}`);
      if (await m.existsBy(PersonEntity, { idNumber })) throw conflict('a person with this ID number is already registered', { field: 'idNumber' });
      const person = m.create(PersonEntity, {
        name,
        idNumber,
        sex: checked.info.sex,
        birthDate: checked.info.birthDate,
        phone,
        gridId: grid.id,
        communityId: grid.communityId,
        residency: input.residency ?? 'LOCAL',
      });
      await m.save(person);
      if (house) await moveIn(m, person.id, house, input.relation ?? ResidenceRelation.OWNER, movedInAt);
      return person;
    });
  } catch (err) {
    if (isDuplicate(err)) throw conflict('a person with this ID number is already registered', { field: 'idNumber' });
    throw err;
  }
}

/** Optimistic locking: the update applies only if the stored version still equals `expectedVersion`. */
export async function updatePerson(db: DataSource, identity: Identity, id: number, expectedVersion: number, input: UpdatePersonInput): Promise<PersonEntity> {
  const changes: Partial<PersonEntity> = {};
  if (input.name !== undefined) changes.name = checkName(input.name);
  const phone = checkPhone(input.phone);
  if (phone !== undefined) changes.phone = phone;
  if (input.residency !== undefined) changes.residency = input.residency;

  return db.transaction(async (m) => {
    const person = await m.findOneBy(PersonEntity, { id });
    if (!person) throw notFound('Person', id);
    requireWritable(identity, PERSONS, personRow(person), 'Person', id);
    if (person.version !== expectedVersion)
      throw conflict(`person ${id} is at version ${person.version}, not ${expectedVersion}: reload and retry`, { currentVersion: person.version });
    if (input.houseId) {
      const house = await m.findOneBy(HouseEntity, { id: Number(input.houseId) });
      if (!house) throw notFound('House', input.houseId);
      const grid = await currentGrid(m, house.gridId);
      requireWritableTarget(identity, PERSONS, gridRow(grid), `moving into grid ${grid.id}`);
      await moveIn(m, id, house, input.relation ?? ResidenceRelation.OWNER, today());
      changes.gridId = grid.id;
      changes.communityId = grid.communityId;
    }
    const result = await m
      .createQueryBuilder()
      .update(PersonEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :v', { id, v: expectedVersion })
      .execute();
    // A concurrent update between the read and this statement: nothing is committed.
    if (result.affected === 0) throw conflict(`person ${id} changed concurrently: reload and retry`);
    return (await m.findOneBy(PersonEntity, { id }))!;
  });
}

export async function tagPerson(db: DataSource, identity: Identity, personId: number, tag: PopulationTag, note?: string): Promise<PersonTagEntity> {
  if (note && note.length > 255) throw badInput('note must have at most 255 characters', { field: 'note' });
  try {
    return await db.transaction(async (m) => {
      await writablePerson(m, identity, personId);
      if (await m.existsBy(PersonTagEntity, { personId, tag })) throw conflict(`person ${personId} already has tag ${tag}`);
      return m.save(m.create(PersonTagEntity, { personId, tag, restricted: RESTRICTED_TAGS.has(tag), note: note ?? null }));
    });
  } catch (err) {
    if (isDuplicate(err)) throw conflict(`person ${personId} already has tag ${tag}`);
    throw err;
  }
}

export async function recordCareVisit(db: DataSource, identity: Identity, input: RecordCareVisitInput): Promise<CareVisitEntity> {
  const note = input.note.trim();
  if (!note || note.length > 500) throw badInput('note must have 1 to 500 characters', { field: 'note' });
  const visitedAt = input.visitedAt ?? new Date();
  if (Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > Date.now() + 5 * 60_000)
    throw badInput('visitedAt must not be in the future', { field: 'visitedAt' });
  return db.transaction(async (m) => {
    await writablePerson(m, identity, Number(input.personId));
    const worker = input.workerId ? await m.findOneBy(GridWorkerEntity, { id: Number(input.workerId) }) : null;
    if (input.workerId && !worker) throw notFound('GridWorker', input.workerId);
    const visitor = worker?.name ?? input.visitor?.trim();
    if (!visitor) throw badInput('give a workerId or a visitor name', { field: 'visitor' });
    return m.save(
      m.create(CareVisitEntity, { personId: Number(input.personId), workerId: worker?.id ?? null, visitor, visitedAt, kind: input.kind, note }),
    );
  });
}

/** Roles that may see a person's clear identity data (within their scope): those that register and care for residents. */
export const IDENTITY_REVEALERS: ReadonlySet<Role> = new Set([Role.SUBDISTRICT_ADMIN, Role.COMMUNITY_STAFF, Role.GRID_WORKER]);
export const MIN_PURPOSE_LENGTH = 4;

/** The clear ID number and phone, with exactly one audit row written in the same transaction. */
export async function revealPersonIdentity(ctx: GridhubContext, personId: number, purpose: string) {
  if (!IDENTITY_REVEALERS.has(ctx.identity.role)) throw forbidden(`${ctx.identity.role} may not see clear identity data`, { role: ctx.identity.role });
  const why = purpose.trim();
  if (why.length < MIN_PURPOSE_LENGTH || why.length > 255)
    throw badInput(`state the purpose of the reveal (${MIN_PURPOSE_LENGTH} to 255 characters)`, { field: 'purpose' });
  return ctx.db.transaction(async (m) => {
    const person = await writablePerson(m, ctx.identity, personId);
    await writeAudit(m, ctx, { action: AuditAction.REVEAL_IDENTITY, targetType: 'Person', targetIds: [person.id], fields: ['idNumber', 'phone'], purpose: why });
    return { personId: person.id, idNumber: person.idNumber, phone: person.phone };
  });
}
