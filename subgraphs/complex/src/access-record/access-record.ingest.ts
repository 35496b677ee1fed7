import { DataClass, recordIngestion, type ScopedData } from '@gridhub/kit';
import { In, type DataSource } from 'typeorm';
import { CredentialEntity } from '../credential/credential.entity';
import { DeviceEntity } from '../device/device.entity';
import { DEVICE_CODE } from '../device/device-code';
import { RECORDING_KINDS } from '../device/device.type';
import { AccessRecordEntity } from './access-record.entity';
import { AccessCredential, AccessDirection, AccessResult, IngestRejectionCode, type IngestRejection, type IngestResult } from './access-record.type';

export interface IngestOptions {
  /** How far ahead of the hub's clock a device time may be (device clocks drift). Default 5 minutes. */
  futureToleranceMs?: number;
  /** Records older than this many days are refused (the purge would delete them anyway). Default: no limit. */
  retentionDays?: number | null;
  /** Rows per INSERT statement. Default 500 (9 parameters a row: well under SQLite's and MySQL's limits). */
  chunkSize?: number;
  now?: Date;
}

export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A line of an NDJSON body that is not JSON: rejected in its place, the other lines still count. */
export class UnparsableLine {
  constructor(readonly message: string) {}
}

/** Splits an NDJSON body into records; blank lines are skipped, unparsable ones kept as `UnparsableLine`. */
export function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    try {
      out.push(JSON.parse(trimmed));
    } catch (err) {
      out.push(new UnparsableLine((err as Error).message));
    }
  }
  return out;
}

const DIRECTIONS = new Set<string>(Object.values(AccessDirection));
const CREDENTIALS = new Set<string>(Object.values(AccessCredential));
const RESULTS = new Set<string>(Object.values(AccessResult));
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

interface Checked {
  index: number;
  device: { id?: number; code?: string };
  deviceSeq: number;
  deviceTime: Date;
  direction: string;
  credential: string;
  result: string;
  personId: number | null;
}

class Rejected {
  constructor(
    readonly code: IngestRejectionCode,
    readonly reason: string,
  ) {}
}

const asIdText = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

function check(raw: unknown, index: number): Checked | Rejected {
  if (raw instanceof UnparsableLine) return new Rejected(IngestRejectionCode.INVALID_JSON, `line is not JSON: ${raw.message}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return new Rejected(IngestRejectionCode.BAD_VALUE, 'a record must be a JSON object');
  const given = raw as Record<string, unknown>;
  // The device by code: `deviceCode` (the mutation's field), or a 20-digit `deviceId` (NDJSON lines, as devices send them).
  const r = given.deviceCode != null && given.deviceCode !== '' && (given.deviceId == null || given.deviceId === '') ? { ...given, deviceId: given.deviceCode } : given;
  for (const field of ['deviceId', 'deviceSeq', 'deviceTime', 'direction', 'credential', 'result'])
    if (r[field] === undefined || r[field] === null || r[field] === '') return new Rejected(IngestRejectionCode.MISSING_FIELD, `${field} is missing`);

  const deviceText = asIdText(r.deviceId);
  let device: Checked['device'];
  if (deviceText && DEVICE_CODE.test(deviceText)) device = { code: deviceText };
  else if (deviceText && /^[1-9]\d{0,9}$/.test(deviceText)) device = { id: Number(deviceText) };
  else return new Rejected(IngestRejectionCode.BAD_VALUE, 'deviceId must be a device id or a 20-digit device code');

  const seq = typeof r.deviceSeq === 'string' && /^\d+$/.test(r.deviceSeq) ? Number(r.deviceSeq) : r.deviceSeq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    return new Rejected(IngestRejectionCode.BAD_VALUE, 'deviceSeq must be a non-negative integer');

  if (typeof r.deviceTime !== 'string' || !ZONED_ISO.test(r.deviceTime) || Number.isNaN(Date.parse(r.deviceTime)))
    return new Rejected(IngestRejectionCode.BAD_VALUE, 'deviceTime must be an ISO 8601 time with a zone (…Z or …+08:00)');

  if (!DIRECTIONS.has(r.direction as string)) return new Rejected(IngestRejectionCode.BAD_VALUE, `direction must be one of ${[...DIRECTIONS].join(', ')}`);
  if (!CREDENTIALS.has(r.credential as string)) return new Rejected(IngestRejectionCode.BAD_VALUE, `credential must be one of ${[...CREDENTIALS].join(', ')}`);
  if (!RESULTS.has(r.result as string)) return new Rejected(IngestRejectionCode.BAD_VALUE, `result must be one of ${[...RESULTS].join(', ')}`);

  let personId: number | null = null;
  if (r.personId !== undefined && r.personId !== null && r.personId !== '') {
    const text = asIdText(r.personId);
    if (!text || !/^[1-9]\d{0,9}$/.test(text)) return new Rejected(IngestRejectionCode.BAD_VALUE, 'personId must be a person id');
    personId = Number(text);
  }
  return {
    index,
    device,
    deviceSeq: seq,
    deviceTime: new Date(r.deviceTime),
    direction: r.direction as string,
    credential: r.credential as string,
    result: r.result as string,
    personId,
  };
}

type DeviceInfo = Pick<DeviceEntity, 'id' | 'code' | 'kind' | 'complexId'>;

/**
 * The batch's devices the caller can see, and of those the ones it may write door records for (DEVICES write
 * scope): a device it cannot see is UNKNOWN_DEVICE, exactly like a missing one.
 */
async function devicesOf(data: ScopedData, checked: Checked[]) {
  const ids = [...new Set(checked.flatMap((c) => (c.device.id ? [c.device.id] : [])))];
  const codes = [...new Set(checked.flatMap((c) => (c.device.code ? [c.device.code] : [])))];
  const match = [...(ids.length ? ['d.id IN (:...ids)'] : []), ...(codes.length ? ['d.code IN (:...codes)'] : [])];
  const rows: DeviceInfo[] = match.length
    ? await data.query(DeviceEntity, 'd').select(['d.id', 'd.code', 'd.kind', 'd.complexId']).andWhere(`(${match.join(' OR ')})`, { ids, codes }).getMany()
    : [];
  let writable: Set<number> | undefined;
  if (rows.length && data.scope(DataClass.DEVICES, { write: true }).kind !== 'all') {
    const found: { id: number | string }[] = await data
      .query(DeviceEntity, 'd', { write: true })
      .select('d.id', 'id')
      .andWhere('d.id IN (:...found)', { found: rows.map((d) => d.id) })
      .getRawMany();
    writable = new Set(found.map((r) => Number(r.id)));
  }
  return { byId: new Map(rows.map((d) => [d.id, d])), byCode: new Map(rows.map((d) => [d.code, d])), writable: (id: number) => writable?.has(id) ?? true };
}

/**
 * `complexId|personId` of the persons holding an active credential in the given complexes (as the caller sees
 * credentials): a record naming a person is stored only where that person may open doors.
 */
async function credentialHolders(data: ScopedData, pairs: { complexId: number; personId: number }[]): Promise<Set<string>> {
  const held = new Set<string>();
  const persons = [...new Set(pairs.map((p) => p.personId))];
  const complexes = [...new Set(pairs.map((p) => p.complexId))];
  for (let i = 0; i < persons.length; i += 1000) {
    const rows: { personId: number | string; complexId: number | string }[] = await data
      .query(CredentialEntity, 'c')
      .select('c.personId', 'personId')
      .addSelect('c.complexId', 'complexId')
      .distinct(true)
      .andWhere('c.revokedAt IS NULL')
      .andWhere('c.personId IN (:...persons)', { persons: persons.slice(i, i + 1000) })
      .andWhere('c.complexId IN (:...complexes)', { complexes })
      .getRawMany();
    for (const r of rows) held.add(`${Number(r.complexId)}|${Number(r.personId)}`);
  }
  return held;
}

const recordKey = (r: { deviceId: number; deviceSeq: number }) => `${r.deviceId}|${r.deviceSeq}`;

/**
 * Stores a batch of door records for the caller of `data` (a device gateway's identity; jobs and tests:
 * `ScopedData.system`). Each record is checked on its own: an invalid one is reported with its index and reason and
 * the valid ones are stored. A record is stored only for a device the caller may write (DEVICES write scope) and,
 * when it names a person, only if that person holds an active credential in the device's complex (else
 * UNKNOWN_PERSON): nobody plants door activity for an arbitrary person. Storage is idempotent per
 * (deviceId, deviceSeq): multi-row `INSERT … IGNORE` statements (typeorm `orIgnore()`) in one transaction, and every
 * valid record not inserted is counted as a duplicate (sent before, or twice within this batch), so accepted +
 * duplicates + rejected always equals the records sent. The devices of the batch get their heartbeat in the same
 * transaction, in one statement.
 */
export async function ingestAccessRecords(data: ScopedData, records: readonly unknown[], options: IngestOptions = {}): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const latest = now.getTime() + (options.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS);
  const earliest = options.retentionDays ? now.getTime() - options.retentionDays * 86_400_000 : -Infinity;
  const rejections: IngestRejection[] = [];
  const reject = (index: number, raw: unknown, code: IngestRejectionCode, reason: string) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const seq = Number(r.deviceSeq);
    rejections.push({ index, deviceId: asIdText(r.deviceId), deviceSeq: Number.isFinite(seq) && r.deviceSeq !== null && r.deviceSeq !== '' ? seq : null, code, reason });
  };

  const valid: Checked[] = [];
  records.forEach((raw, index) => {
    const c = check(raw, index);
    if (c instanceof Rejected) return reject(index, raw, c.code, c.reason);
    if (c.deviceTime.getTime() > latest)
      return reject(index, raw, IngestRejectionCode.FUTURE_TIME, `deviceTime ${c.deviceTime.toISOString()} is ahead of the hub's clock by more than the tolerance`);
    if (c.deviceTime.getTime() < earliest)
      return reject(index, raw, IngestRejectionCode.BEYOND_RETENTION, `deviceTime ${c.deviceTime.toISOString()} is older than the ${options.retentionDays}-day retention`);
    valid.push(c);
  });

  const devices = valid.length ? await devicesOf(data, valid) : { byId: new Map<number, DeviceInfo>(), byCode: new Map<string, DeviceInfo>(), writable: () => false };
  const placed: { c: Checked; device: DeviceInfo }[] = [];
  for (const c of valid) {
    const device = c.device.id !== undefined ? devices.byId.get(c.device.id) : devices.byCode.get(c.device.code!);
    const raw = records[c.index];
    if (!device) {
      reject(c.index, raw, IngestRejectionCode.UNKNOWN_DEVICE, `device ${c.device.id ?? c.device.code} is not registered`);
      continue;
    }
    if (!RECORDING_KINDS.includes(device.kind)) {
      reject(c.index, raw, IngestRejectionCode.NOT_A_DOOR_DEVICE, `device ${device.id} is a ${device.kind}, which records no door events`);
      continue;
    }
    if (!devices.writable(device.id)) {
      reject(c.index, raw, IngestRejectionCode.OUT_OF_SCOPE, `device ${device.id} is in complex ${device.complexId}, outside what the caller may write`);
      continue;
    }
    placed.push({ c, device });
  }

  const named = placed.flatMap(({ c, device }) => (c.personId === null ? [] : [{ complexId: device.complexId, personId: c.personId }]));
  const holders = named.length ? await credentialHolders(data, named) : new Set<string>();
  const rows: Omit<AccessRecordEntity, 'id'>[] = [];
  const touched = new Set<number>();
  for (const { c, device } of placed) {
    if (c.personId !== null && !holders.has(`${device.complexId}|${c.personId}`)) {
      reject(c.index, records[c.index], IngestRejectionCode.UNKNOWN_PERSON, `person ${c.personId} holds no active credential in complex ${device.complexId}`);
      continue;
    }
    touched.add(device.id);
    rows.push({
      deviceId: device.id,
      deviceSeq: c.deviceSeq,
      complexId: device.complexId,
      deviceTime: c.deviceTime,
      receivedAt: now,
      direction: c.direction,
      credential: c.credential,
      result: c.result,
      personId: c.personId,
    });
  }
  rejections.sort((a, b) => a.index - b.index);

  let accepted = 0;
  if (rows.length) {
    accepted = await data.transaction(async (tx) => {
      const size = options.chunkSize ?? 500;
      let inserted = 0;
      const seen = new Set<string>();
      for (let i = 0; i < rows.length; i += size) {
        let chunk = rows.slice(i, i + size);
        if (tx.dialect === 'sqlite') {
          // typeorm reports no affected rows for an INSERT on SQLite: leave out what is stored already (read in this
          // transaction; SQLite runs one writer at a time) and what this batch repeats, so every row inserted counts.
          const stored: { d: number | string; s: number | string }[] = await tx
            .query(AccessRecordEntity, 'r')
            .select('r.deviceId', 'd')
            .addSelect('r.deviceSeq', 's')
            .andWhere('r.deviceId IN (:...devs)', { devs: [...new Set(chunk.map((r) => r.deviceId))] })
            .andWhere('r.deviceSeq IN (:...seqs)', { seqs: [...new Set(chunk.map((r) => r.deviceSeq))] })
            .getRawMany();
          for (const r of stored) seen.add(`${Number(r.d)}|${Number(r.s)}`);
          chunk = chunk.filter((r) => !seen.has(recordKey(r)) && (seen.add(recordKey(r)), true));
          if (!chunk.length) continue;
        }
        const result = await tx.query(AccessRecordEntity, 'r').insert().into(AccessRecordEntity).values(chunk).orIgnore().updateEntity(false).execute();
        const affected = (result.raw as { affectedRows?: number } | undefined)?.affectedRows;
        inserted += typeof affected === 'number' ? affected : chunk.length;
      }
      await tx.writer.update(DeviceEntity, { id: In([...touched]) }, { online: true, lastHeartbeatAt: now });
      return inserted;
    });
  }
  const counts = { accepted, duplicates: rows.length - accepted, rejected: rejections.length };
  // Metrics only: the kit's ingestion counter is kept per database.
  recordIngestion(data.connection as DataSource, counts);
  return { ...counts, rejections };
}
