import type { ApolloServerPlugin } from '@apollo/server';
import { registerEnumType } from 'type-graphql';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { ScopedData } from '../data/scoped-data';
import { badInput } from '../errors';
import type { Identity } from '../identity';
import { AuditEntryEntity } from './audit.entity';

/** What audit rows are written from: the verified caller and the request id (a resolver's context has both). */
interface AuditContext {
  identity: Identity;
  requestId: string;
}

export enum AuditAction {
  /** Clear ID number / phone given out by a reveal operation (with a purpose). */
  REVEAL_IDENTITY = 'REVEAL_IDENTITY',
  /** Special-population (restricted) records read: one row per request listing the persons. */
  READ_SPECIAL_POPULATION = 'READ_SPECIAL_POPULATION',
  /** Door-access records read (by row, count or filter). */
  READ_ACCESS_TRAIL = 'READ_ACCESS_TRAIL',
  /** Face-recognition alarms read (by row, count or filter). */
  READ_FACE_ALARMS = 'READ_FACE_ALARMS',
  /** Rows of another audited class (a vendor's) read. */
  READ_SENSITIVE = 'READ_SENSITIVE',
  /** Rows older than the retention period removed. */
  PURGE = 'PURGE',
}
registerEnumType(AuditAction, { name: 'AuditAction', description: 'What an audit row records' });

/** Audit rows are kept at least this long (PIPL practice and DESIGN.md: at least 6 months). */
export const AUDIT_RETENTION_DAYS = 183;

export interface AuditRecord {
  action: AuditAction;
  targetType: string;
  targetIds: (string | number)[];
  fields?: string[];
  purpose?: string;
}

const rowOf = (ctx: AuditContext, record: AuditRecord): Partial<AuditEntryEntity> => ({
  at: new Date(),
  actorSubject: ctx.identity.subject,
  actorRole: ctx.identity.role,
  action: record.action,
  purpose: record.purpose ?? null,
  targetType: record.targetType,
  targetIds: [...new Set(record.targetIds.map(String))].join(','),
  fields: record.fields?.length ? record.fields.join(',') : null,
  requestId: ctx.requestId,
});

/** Appends one audit row through `manager`: pass the transaction's manager so the row commits with the change it records. */
export async function writeAudit(manager: Pick<EntityManager, 'insert'>, ctx: AuditContext, record: AuditRecord): Promise<void> {
  await manager.insert(AuditEntryEntity, rowOf(ctx, record));
}

/** The audit action of reads of an audited data class. */
const readAction = (data: string): AuditAction =>
  (`READ_${data}` in AuditAction ? AuditAction[`READ_${data}` as keyof typeof AuditAction] : AuditAction.READ_SENSITIVE);

/** What the audit plugin needs of a request's context. */
interface AuditedRequest extends AuditContext {
  data: ScopedData;
  log: { error(obj: unknown, msg: string): void };
}

/**
 * Writes, before the response leaves, one row per (action, type) for the reads of audited classes the request made
 * through the kit's data access — rows, counts and filters alike. Installed by `startSubgraph` in every subgraph.
 */
export function auditPlugin(): ApolloServerPlugin<AuditedRequest> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const reads = contextValue.data.takeAuditedReads();
          if (!reads.length) return;
          const rows = reads.map((r) =>
            rowOf(contextValue, { action: readAction(r.data), targetType: r.targetType, targetIds: r.targetIds, fields: r.fields }),
          );
          try {
            await contextValue.data.writer.insert(AuditEntryEntity, rows);
          } catch (err) {
            // A read must not be answered unaudited: the response becomes an error instead of the data.
            contextValue.log.error({ err }, 'audit write failed');
            throw err;
          }
        },
      };
    },
  };
}

/**
 * Removes audit rows older than `before`, which must be at least AUDIT_RETENTION_DAYS in the past: a younger
 * row is never removed. The purge itself is recorded. Returns the number of rows removed.
 */
export async function purgeAuditLog(db: DataSource, before: Date, now = new Date()): Promise<number> {
  const oldest = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000);
  if (!(before.getTime() <= oldest.getTime()))
    throw badInput(`audit rows are kept ${AUDIT_RETENTION_DAYS} days: purge only before ${oldest.toISOString()}`, { field: 'before' });
  return db.transaction(async (m) => {
    const result = await m.delete(AuditEntryEntity, { at: LessThan(before) });
    const removed = result.affected ?? 0;
    await m.insert(AuditEntryEntity, {
      at: now, actorSubject: 'system:retention', actorRole: 'SYSTEM', action: AuditAction.PURGE, purpose: `retention ${AUDIT_RETENTION_DAYS} days`,
      targetType: 'AuditEntry', targetIds: `before:${before.toISOString()}`, fields: `removed:${removed}`, requestId: 'retention',
    });
    return removed;
  });
}
