import { badInput, conflict, DataClass, found, isUniqueViolation, notFound, type ScopedData } from '@gridhub/kit';
import { HazardCampaignEntity } from '../campaign/hazard-campaign.entity';
import { numericId } from '../ids';
import { PowerLineEntity, PowerSpanEntity } from '../line/power-line.entity';
import { TreeHazardEntity } from './tree-hazard.entity';
import type { ReportTreeHazardInput, UpdateTreeHazardInput } from './tree-hazard.input';
import { canTransition, HAZARD_TRANSITIONS, levelOf } from './tree-hazard.machine';
import { HazardStatus } from './tree-hazard.type';
import { emitHazardChanged, emitHazardReported } from './tree-hazard.webhooks';

/** Required clearance of a 10 kV line to trees, horizontal (GB 50061 / DL/T 5220), when a report gives none. */
export const DEFAULT_REQUIRED_CLEARANCE_M = 2.0;

function text(value: string | undefined | null, field: string, max: number): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) throw badInput(`${field} must not be empty`, { field });
  if (trimmed.length > max) throw badInput(`${field} must have at most ${max} characters`, { field });
  return trimmed;
}

function clearance(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 50) throw badInput(`${field} must be between 0 and 50 metres`, { field });
  return Math.round(value * 100) / 100;
}

function photoRefs(photos: string[]): string[] {
  if (photos.length > 20) throw badInput('at most 20 photo references', { field: 'photos' });
  return photos.map((p) => text(p, 'photos', 255));
}

function coordinate(value: number | undefined, fallback: number, field: string, limit: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isFinite(value) || Math.abs(value) > limit) throw badInput(`${field} is out of range`, { field });
  return value;
}

async function campaignFor(tx: ScopedData, id: string | undefined | null, agency: string): Promise<number | null> {
  if (id == null) return null;
  const key = numericId(id);
  // Scoped: a campaign the caller may not see is refused like a missing one.
  const campaign = key === null ? null : await tx.query(HazardCampaignEntity, 'c').andWhere('c.id = :id', { id: key }).getOne();
  if (!campaign || campaign.agency !== agency) throw badInput(`campaign ${id} is not a campaign of ${agency}`, { field: 'campaignId' });
  return campaign.id;
}

/** A hazard re-read in the caller's scope (after a change; the change touches no scope column, so it stays visible). */
async function hazardIn(tx: ScopedData, id: number): Promise<TreeHazardEntity> {
  return found(await tx.query(TreeHazardEntity, 'h').andWhere('h.id = :id', { id }).getOne(), 'TreeHazard', id);
}

/**
 * The hazard `id` for a change: NOT_FOUND when missing or outside what the caller may read (another agency's, another
 * grid's), FORBIDDEN when readable but not writable (the centre, the community tier) — the kit's `writable`.
 */
export async function writableHazard(tx: ScopedData, id: string | number): Promise<TreeHazardEntity> {
  const key = numericId(id);
  if (key === null) throw notFound('TreeHazard', id);
  return tx.writable(TreeHazardEntity, key);
}

/**
 * Records a hazard (REPORTED) on a span of a line the caller may see; level and grid are derived. The line and span
 * are read in the caller's scope (another agency's line is NOT_FOUND), the new row's owners (agency, grid, community)
 * must be writable for the caller (FORBIDDEN otherwise: the centre, the community tier).
 */
export async function reportTreeHazard(data: ScopedData, input: ReportTreeHazardInput): Promise<TreeHazardEntity> {
  const key = idempotencyKey(input.idempotencyKey);
  try {
    return await recordTreeHazard(data, input, key);
  } catch (err) {
    // Two retries of one report raced past the replay check: the unique index kept one; answer with it.
    if (key === null || !isUniqueViolation(err)) throw err;
    const winner = await data.transaction((tx) => replayed(tx, input, key, data.identity.subject.slice(0, 64)));
    if (!winner) throw err;
    return winner;
  }
}

const KEY = /^[A-Za-z0-9._:-]{1,128}$/;

function idempotencyKey(value: string | undefined | null): string | null {
  if (value == null) return null;
  if (!KEY.test(value)) throw badInput('idempotencyKey must be 1–128 of A–Z a–z 0–9 . _ : -', { field: 'idempotencyKey' });
  return value;
}

/** The reporter's earlier hazard under this key, if the report is the same one; CONFLICT if the key was used for another. */
async function replayed(tx: ScopedData, input: ReportTreeHazardInput, key: string, reporter: string): Promise<TreeHazardEntity | null> {
  const earlier = await tx.query(TreeHazardEntity, 'h').andWhere('h.reporterSubject = :reporter AND h.idempotencyKey = :key', { reporter, key }).getOne();
  if (!earlier) return null;
  const same = String(earlier.lineId) === String(input.lineId) && String(earlier.spanId) === String(input.spanId)
    && earlier.species === input.species?.trim() && earlier.measuredClearanceM === Math.round(input.measuredClearanceM * 100) / 100;
  if (!same) throw conflict(`idempotencyKey ${key} was used for another report (hazard ${earlier.id})`, { field: 'idempotencyKey', hazardId: String(earlier.id) });
  return earlier;
}

async function recordTreeHazard(data: ScopedData, input: ReportTreeHazardInput, key: string | null): Promise<TreeHazardEntity> {
  const identity = data.identity;
  return data.transaction(async (tx) => {
    const earlier = key === null ? null : await replayed(tx, input, key, identity.subject.slice(0, 64));
    if (earlier) return earlier;
    const lineId = numericId(input.lineId);
    const line = lineId === null ? null : await tx.query(PowerLineEntity, 'l').andWhere('l.id = :id', { id: lineId }).getOne();
    if (!line) throw notFound('PowerLine', input.lineId);
    const spanId = numericId(input.spanId);
    const span = spanId === null ? null : await tx.query(PowerSpanEntity, 's').andWhere('s.id = :id', { id: spanId }).getOne();
    if (!span || span.lineId !== line.id) throw badInput(`span ${input.spanId} is not a span of line ${line.code}`, { field: 'spanId' });
    tx.requireWritableTarget(DataClass.PARTNER_REPORTS, { agency: line.agency, grid: span.gridId, community: span.communityId }, `a tree hazard on line ${line.code}`);
    const measured = clearance(input.measuredClearanceM, 'measuredClearanceM');
    const required = clearance(input.requiredClearanceM ?? DEFAULT_REQUIRED_CLEARANCE_M, 'requiredClearanceM');
    if (measured >= required) throw badInput('the measured clearance meets the requirement: not a hazard', { field: 'measuredClearanceM' });
    const now = new Date();
    const inserted = await tx.writer.insert(TreeHazardEntity, {
      lineId: line.id,
      spanId: span.id,
      agency: line.agency,
      gridId: span.gridId,
      communityId: span.communityId,
      species: text(input.species, 'species', 32),
      measuredClearanceM: measured,
      requiredClearanceM: required,
      level: levelOf(measured, required),
      status: HazardStatus.REPORTED,
      location: input.location == null ? span.location : text(input.location, 'location', 255),
      latitude: coordinate(input.latitude, span.latitude, 'latitude', 90),
      longitude: coordinate(input.longitude, span.longitude, 'longitude', 180),
      photos: photoRefs(input.photos ?? []),
      reportedBy: (identity.name ?? identity.agency ?? identity.subject).slice(0, 64),
      reporterSubject: identity.subject.slice(0, 64),
      idempotencyKey: key,
      campaignId: await campaignFor(tx, input.campaignId, line.agency),
      reportedAt: now,
      clearedAt: null,
      mediationRequestedAt: null,
      mediationReason: null,
      mediationCount: 0,
      mediationEventId: null,
      version: 1,
      updatedAt: now,
    });
    const hazard = await hazardIn(tx, Number(inserted.identifiers[0]!.id));
    // Webhook deliveries in the report's transaction: a report that rolls back tells nobody.
    await emitHazardReported(tx, hazard);
    return hazard;
  });
}

/**
 * Writes `changes` to a hazard read at `expectedVersion`, incrementing the version, in the caller's transaction:
 * a conditional update, so a concurrent change in between is a CONFLICT too. Nothing is written on refusal.
 */
export async function writeHazard(tx: ScopedData, hazard: TreeHazardEntity, expectedVersion: number, changes: Partial<TreeHazardEntity>): Promise<TreeHazardEntity> {
  checkVersion(hazard, expectedVersion);
  const now = new Date();
  const written = await tx.writer.update(TreeHazardEntity, { id: hazard.id, version: expectedVersion }, { ...changes, updatedAt: now, version: () => 'version + 1' });
  if (!written.affected) {
    const current = await hazardIn(tx, hazard.id);
    throw conflict(`tree hazard ${hazard.id} changed concurrently (now version ${current.version})`, { version: current.version });
  }
  const after = await hazardIn(tx, hazard.id);
  // Every change goes through here (updates, mediation requests): its webhook deliveries join its transaction.
  await emitHazardChanged(tx, hazard, after, Object.keys(changes));
  return after;
}

/** A stale `expectedVersion` is a CONFLICT, checked before anything else: the caller's view is out of date. */
export function checkVersion(hazard: TreeHazardEntity, expectedVersion: number): void {
  if (hazard.version !== expectedVersion)
    throw conflict(`tree hazard ${hazard.id} is at version ${hazard.version}, not ${expectedVersion}: read it again`, { version: hazard.version });
}

/** The status change, if any, checked against the transition table. */
export function checkTransition(from: string, to: HazardStatus | undefined | null): HazardStatus | undefined {
  if (to == null || to === from) return undefined;
  if (!canTransition(from as HazardStatus, to))
    throw badInput(`a ${from} hazard cannot become ${to} (allowed: ${HAZARD_TRANSITIONS[from as HazardStatus]?.join(', ') || 'none'})`, { field: 'status', from, to });
  return to;
}

/** Changes a hazard: status along the table, measurements (the level follows), photos, campaign. */
export async function updateTreeHazard(data: ScopedData, id: string | number, expectedVersion: number, input: UpdateTreeHazardInput): Promise<TreeHazardEntity> {
  return data.transaction(async (tx) => {
    const hazard = await writableHazard(tx, id);
    checkVersion(hazard, expectedVersion);
    const changes: Partial<TreeHazardEntity> = {};
    const status = checkTransition(hazard.status, input.status);
    if (status) {
      changes.status = status;
      if (status === HazardStatus.CLEARED) changes.clearedAt = new Date();
    }
    if (input.species != null) changes.species = text(input.species, 'species', 32);
    const measured = input.measuredClearanceM != null ? clearance(input.measuredClearanceM, 'measuredClearanceM') : hazard.measuredClearanceM;
    const required = input.requiredClearanceM != null ? clearance(input.requiredClearanceM, 'requiredClearanceM') : hazard.requiredClearanceM;
    if (input.measuredClearanceM != null || input.requiredClearanceM != null)
      Object.assign(changes, { measuredClearanceM: measured, requiredClearanceM: required, level: levelOf(measured, required) });
    if (input.photos != null) changes.photos = photoRefs(input.photos);
    if (input.campaignId !== undefined) changes.campaignId = await campaignFor(tx, input.campaignId, hazard.agency);
    return writeHazard(tx, hazard, expectedVersion, changes);
  });
}
