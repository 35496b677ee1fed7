import {
  Action, AuditAction, badInput, conflict, DataClass, notFound, requireAction, validateIdNumber, validatePhone, writeAudit,
  type GridhubContext, type ScopedData, type Writer,
} from '@gridhub/kit';
import { IsNull } from 'typeorm';
import { HouseEntity } from '../building/building.entity';
import { GridEntity } from '../grid/grid.entity';
import { GridWorkerEntity } from '../worker/grid-worker.entity';
import { CareVisitEntity, PersonEntity, PersonTagEntity, ResidenceEntity } from './person.entity';
import type { RecordCareVisitInput, RegisterPersonInput, UpdatePersonInput } from './person.input';
import { PopulationTag, RESTRICTED_TAGS } from './person-tag';
import { ResidenceRelation } from './person.type';

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

type Tx = ScopedData & { writer: Writer };

async function currentGrid(tx: Tx, id: number): Promise<GridEntity> {
  const grid = await tx.query(GridEntity, 'g').andWhere('g.id = :id', { id }).getOne();
  if (!grid) throw notFound('Grid', id);
  if (grid.validTo) throw badInput(`grid ${grid.code} was retired on ${grid.validTo}; register into grid ${grid.successorId}`, { field: 'gridId' });
  return grid;
}

// typeorm 1.x refuses a plain `null` in a where clause: the current residence is matched with IS NULL.
async function moveIn(tx: Tx, personId: number, house: HouseEntity, relation: string, date: string) {
  await tx.writer.update(ResidenceEntity, { personId, movedOutAt: IsNull() }, { movedOutAt: date });
  await tx.writer.insert(ResidenceEntity, { personId, houseId: house.id, relation, movedInAt: date, movedOutAt: null });
}

/** A house the caller can see (NOT_FOUND otherwise). */
async function visibleHouse(tx: Tx, id: number): Promise<HouseEntity> {
  const house = await tx.query(HouseEntity, 'h').andWhere('h.id = :id', { id }).getOne();
  if (!house) throw notFound('House', id);
  return house;
}

const personAfterWrite = async (tx: Tx, id: number) => (await tx.query(PersonEntity, 'p').andWhere('p.id = :id', { id }).getOne())!;

/** Validates everything first and writes in one transaction, so a refused registration writes nothing. */
export async function registerPerson(data: ScopedData, input: RegisterPersonInput): Promise<PersonEntity> {
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
    return await data.transaction(async (tx) => {
      const house = input.houseId ? await visibleHouse(tx, Number(input.houseId)) : null;
      const gridId = house?.gridId ?? Number(input.gridId);
      if (house && input.gridId && Number(input.gridId) !== house.gridId)
        throw badInput(`house ${house.id} is in grid ${house.gridId}, not ${input.gridId}`, { field: 'gridId' });
      const grid = await currentGrid(tx, gridId);
      tx.requireWritableTarget(DataClass.PERSONAL, { grid: grid.id, community: grid.communityId }, `registering into grid ${grid.id}`);
      const person: Partial<PersonEntity> = {
        name,
        idNumber,
        sex: checked.info.sex,
        birthDate: checked.info.birthDate,
        phone,
        gridId: grid.id,
        communityId: grid.communityId,
        residency: input.residency ?? 'LOCAL',
      };
      // The unique index on idNumber refuses a duplicate (CONFLICT below) without a read across every community.
      const { identifiers } = await tx.writer.insert(PersonEntity, person);
      const id = Number(identifiers[0]!.id);
      if (house) await moveIn(tx, id, house, input.relation ?? ResidenceRelation.OWNER, movedInAt);
      return personAfterWrite(tx, id);
    });
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    throw await duplicateIdNumber(data, idNumber);
  }
}

/**
 * A refused duplicate ID number, told only as far as the caller can see. A holder in the caller's scope is named
 * (the caller can list that person anyway); a holder outside it is not confirmed: the refusal is one fixed
 * answer, the same wherever the holder is registered, with no id, grid or community of it.
 */
async function duplicateIdNumber(data: ScopedData, idNumber: string) {
  const holder = await data.query(PersonEntity, 'p').andWhere('p.idNumber = :idNumber', { idNumber }).getOne();
  if (holder) return conflict(`person ${holder.id} already has this ID number`, { field: 'idNumber', personId: String(holder.id) });
  return conflict(NOT_REGISTRABLE, { field: 'idNumber' });
}

/** The refusal of an ID number the caller cannot register, whatever the reason outside its scope. */
export const NOT_REGISTRABLE = 'this ID number cannot be registered by you: ask the subdistrict (SUBDISTRICT_ADMIN) to register or move this person';

/** Optimistic locking: the update applies only if the stored version still equals `expectedVersion`. */
export async function updatePerson(data: ScopedData, id: number, expectedVersion: number, input: UpdatePersonInput): Promise<PersonEntity> {
  const changes: Partial<PersonEntity> = {};
  if (input.name !== undefined) changes.name = checkName(input.name);
  const phone = checkPhone(input.phone);
  if (phone !== undefined) changes.phone = phone;
  if (input.residency !== undefined) changes.residency = input.residency;

  return data.transaction(async (tx) => {
    const person = await tx.writable(PersonEntity, id);
    if (person.version !== expectedVersion)
      throw conflict(`person ${id} is at version ${person.version}, not ${expectedVersion}: reload and retry`, { currentVersion: person.version });
    if (input.houseId) {
      const house = await visibleHouse(tx, Number(input.houseId));
      const grid = await currentGrid(tx, house.gridId);
      tx.requireWritableTarget(DataClass.PERSONAL, { grid: grid.id, community: grid.communityId }, `moving into grid ${grid.id}`);
      await moveIn(tx, id, house, input.relation ?? ResidenceRelation.OWNER, today());
      changes.gridId = grid.id;
      changes.communityId = grid.communityId;
    }
    const result = await tx.writer.update(PersonEntity, { id, version: expectedVersion }, { ...changes, version: () => 'version + 1' });
    // A concurrent update between the read and this statement: nothing is committed.
    if (result.affected === 0) throw conflict(`person ${id} changed concurrently: reload and retry`);
    return personAfterWrite(tx, id);
  });
}

export async function tagPerson(data: ScopedData, personId: number, tag: PopulationTag, note?: string): Promise<PersonTagEntity> {
  if (note && note.length > 255) throw badInput('note must have at most 255 characters', { field: 'note' });
  try {
    return await data.transaction(async (tx) => {
      await tx.writable(PersonEntity, personId);
      if (RESTRICTED_TAGS.has(tag)) tx.requireWritableTarget(DataClass.SPECIAL_POPULATION, {}, `a ${tag} label`);
      // The unique (person, tag) index refuses a repeat: CONFLICT below.
      const { identifiers } = await tx.writer.insert(PersonTagEntity, { personId, tag, restricted: RESTRICTED_TAGS.has(tag), note: note ?? null });
      return (await tx.query(PersonTagEntity, 't').andWhere('t.id = :id', { id: identifiers[0]!.id }).getOne())!;
    });
  } catch (err) {
    if (isDuplicate(err)) throw conflict(`person ${personId} already has tag ${tag}`);
    throw err;
  }
}

export async function recordCareVisit(data: ScopedData, input: RecordCareVisitInput): Promise<CareVisitEntity> {
  const note = input.note.trim();
  if (!note || note.length > 500) throw badInput('note must have 1 to 500 characters', { field: 'note' });
  const visitedAt = input.visitedAt ?? new Date();
  if (Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > Date.now() + 5 * 60_000)
    throw badInput('visitedAt must not be in the future', { field: 'visitedAt' });
  return data.transaction(async (tx) => {
    await tx.writable(PersonEntity, Number(input.personId));
    const worker = input.workerId ? await tx.query(GridWorkerEntity, 'w').andWhere('w.id = :id', { id: Number(input.workerId) }).getOne() : null;
    if (input.workerId && !worker) throw notFound('GridWorker', input.workerId);
    const visitor = worker?.name ?? input.visitor?.trim();
    if (!visitor) throw badInput('give a workerId or a visitor name', { field: 'visitor' });
    const { identifiers } = await tx.writer.insert(CareVisitEntity, { personId: Number(input.personId), workerId: worker?.id ?? null, visitor, visitedAt, kind: input.kind, note });
    return (await tx.query(CareVisitEntity, 'v').andWhere('v.id = :id', { id: identifiers[0]!.id }).getOne())!;
  });
}

export const MIN_PURPOSE_LENGTH = 4;

/** The clear ID number and phone, with exactly one audit row written in the same transaction. */
export async function revealPersonIdentity(ctx: GridhubContext, personId: number, purpose: string) {
  requireAction(ctx.identity, Action.PERSON_REVEAL, 'see clear identity data');
  const why = purpose.trim();
  if (why.length < MIN_PURPOSE_LENGTH || why.length > 255)
    throw badInput(`state the purpose of the reveal (${MIN_PURPOSE_LENGTH} to 255 characters)`, { field: 'purpose' });
  return ctx.data.transaction(async (tx) => {
    const person = await tx.writable(PersonEntity, personId);
    await writeAudit(tx.writer, ctx, { action: AuditAction.REVEAL_IDENTITY, targetType: 'Person', targetIds: [person.id], fields: ['idNumber', 'phone'], purpose: why });
    return { personId: person.id, idNumber: person.idNumber, phone: person.phone, birthDate: person.birthDate };
  });
}
