import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  Action, badInput, Connection, connectionOf, DataClass, decodeCursor, pageSize, requireAction, requireReach, type ConnectionResult, type GridhubContext,
} from '@gridhub/kit';
import { AccessDevice } from '../device/device.type';
import { deviceById } from '../device/device.loader';
import { Person, personRef } from '../federated/federated.type';
import type { ComplexOptions } from '../runtime';
import { DEFAULT_RETENTION_DAYS } from './access-record.retention';
import { AccessRecordInput, AccessRecordsArgs } from './access-record.input';
import { ingestAccessRecords } from './access-record.ingest';
import { recentRecordsByPerson, recordCountByPerson, type RecordPageKey } from './access-record.loader';
import { AccessRecord, IngestResult } from './access-record.type';
import type { AccessRecordEntity } from './access-record.entity';
import type { LoaderDef } from '@gridhub/kit';

export const AccessRecordConnection = Connection(AccessRecord);

/** Largest batch the mutation takes; bigger back-fills go to the NDJSON endpoint. */
export const MAX_MUTATION_BATCH = 5000;

type PageLoader = LoaderDef<RecordPageKey, AccessRecordEntity[]>;
type CountLoader = LoaderDef<Omit<RecordPageKey, 'limit' | 'after'>, number>;

/** A parent's records, newest first, through the batched per-parent loaders (shared by Person and AccessDevice). */
export async function recordConnection(
  ctx: GridhubContext,
  loaders: { page: PageLoader; count: CountLoader },
  parent: number,
  args: { first?: number | null; after?: string | null; since?: Date | null; until?: Date | null },
): Promise<ConnectionResult<AccessRecordEntity>> {
  requireReach(ctx.identity, DataClass.ACCESS_TRAIL, 'read door-access records');
  const size = pageSize(args.first);
  let after: RecordPageKey['after'];
  if (args.after) {
    const [time, id] = decodeCursor(args.after, 2);
    const at = new Date(String(time));
    if (Number.isNaN(at.getTime())) throw badInput('`after` is not a cursor this list issued', { field: 'after' });
    after = { time: at, id: String(id) };
  }
  const filters = { since: args.since ?? undefined, until: args.until ?? undefined };
  const rows = size === 0 ? [] : await ctx.loaders.get(loaders.page).load({ parent, limit: size + 1, after, ...filters });
  return connectionOf(rows, size, (r) => [r.deviceTime.toISOString(), String(r.id)], () => ctx.loaders.get(loaders.count).load({ parent, ...filters }), args.after);
}

@Resolver(() => AccessRecord)
export class AccessRecordResolver {
  @FieldResolver(() => AccessDevice)
  device(@Root() r: AccessRecord, @Ctx() ctx: GridhubContext) {
    return ctx.loaders.get(deviceById).load(r.deviceId);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() r: AccessRecord): Person | null {
    return r.personId == null ? null : personRef(r.personId);
  }

  @Mutation(() => IngestResult, {
    description: `Stores a batch of door records (at most ${MAX_MUTATION_BATCH}; larger back-fills: POST /ingest/access-records as NDJSON). ` +
      'Idempotent per (deviceId, deviceSeq); invalid records are rejected one by one, the valid ones stored.',
  })
  ingestAccessRecords(@Arg('records', () => [AccessRecordInput]) records: AccessRecordInput[], @Ctx() ctx: GridhubContext<ComplexOptions>) {
    requireAction(ctx.identity, Action.ACCESS_INGEST, 'ingest door records');
    if (records.length > MAX_MUTATION_BATCH) throw badInput(`at most ${MAX_MUTATION_BATCH} records per call`, { field: 'records' });
    const options = ctx.services;
    return ingestAccessRecords(ctx.data, records, { ...options.ingest, retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS });
  }
}

@Resolver(() => Person)
export class PersonAccessResolver {
  @FieldResolver(() => AccessRecordConnection, { description: 'Door records of the person, newest first (complex subgraph)' })
  accessRecords(@Root() p: Person, @Args() args: AccessRecordsArgs, @Ctx() ctx: GridhubContext) {
    return recordConnection(ctx, { page: recentRecordsByPerson, count: recordCountByPerson }, Number(p.id), args);
  }

  @FieldResolver(() => AccessRecord, { nullable: true, description: 'The newest door record of the person' })
  async lastAccess(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.ACCESS_TRAIL, 'read door-access records');
    const [latest] = await ctx.loaders.get(recentRecordsByPerson).load({ parent: Number(p.id), limit: 1 });
    return latest ?? null;
  }
}
