import type { ApolloServerPlugin } from '@apollo/server';
import { registerEnumType } from 'type-graphql';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import { badInput } from '../errors';
import type { GridhubContext } from '../context';
import { AuditEntryEntity } from './audit.entity';

export enum AuditAction {
  /** Clear ID number / phone given out by a reveal operation (with a purpose). */
  REVEAL_IDENTITY = 'REVEAL_IDENTITY',
  /** Special-population (restricted) records read: one row per request listing the persons. */
  READ_SPECIAL_POPULATION = 'READ_SPECIAL_POPULATION',
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

const rowOf = (ctx: Pick<GridhubContext, 'identity' | 'requestId'>, record: AuditRecord): Partial<AuditEntryEntity> => ({
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
export async function writeAudit(manager: EntityManager, ctx: Pick<GridhubContext, 'identity' | 'requestId'>, record: AuditRecord): Promise<void> {
  await manager.insert(AuditEntryEntity, rowOf(ctx, record));
}

/** Reads to audit once the request's response is ready, merged per action and type (per-request state). */
const pending = new WeakMap<object, Map<string, AuditRecord>>();

/**
 * Notes a read to audit for this request: every call with the same action and type adds its ids to one row,
 * written before the response leaves (by `auditPlugin`). So a page of 500 persons is one row, not 500.
 */
export function auditRead(ctx: GridhubContext, record: AuditRecord): void {
  let byKey = pending.get(ctx);
  if (!byKey) pending.set(ctx, (byKey = new Map()));
  const key = `${record.action}:${record.targetType}:${record.fields?.join(',') ?? ''}`;
  const existing = byKey.get(key);
  if (existing) existing.targetIds.push(...record.targetIds);
  else byKey.set(key, { ...record, targetIds: [...record.targetIds] });
}

/** Writes the rows `auditRead` collected; installed by `startSubgraph` in every subgraph. */
export function auditPlugin(): ApolloServerPlugin<GridhubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const byKey = pending.get(contextValue);
          if (!byKey?.size) return;
          pending.delete(contextValue);
          const rows = [...byKey.values()].filter((r) => r.targetIds.length).map((r) => rowOf(contextValue, r));
          try {
            if (rows.length) await contextValue.db.getRepository(AuditEntryEntity).insert(rows);
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
