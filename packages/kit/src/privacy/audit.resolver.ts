import { Args, ArgsType, Ctx, Directive, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { Connection, PageArgs, paginate } from '../graphql/connection';
import { Role } from '../identity';
import { requireReach } from '../scope/guard';
import { DataClass } from '../scope/policy';
import type { GridhubContext } from '../context';
import { AuditAction } from './audit';
import { AuditEntryEntity } from './audit.entity';

// Every subgraph keeps its own audit log and serves it under its own root field: the row type is shared.
@Directive('@shareable')
@ObjectType({ description: 'One append-only audit row' })
export class AuditEntry {
  @Field(() => ID) id: number;
  @Field() at: Date;
  @Field() actorSubject: string;
  @Field(() => Role) actorRole: Role;
  @Field(() => AuditAction) action: AuditAction;
  @Field(() => String, { nullable: true }) purpose: string | null;
  @Field() targetType: string;
  @Field(() => [ID], { name: 'targetIds', description: 'Ids of the records concerned' }) targetIdList: string[];
  @Field(() => [String], { name: 'fields', description: 'Fields revealed or read' }) fieldList: string[];
  @Field() requestId: string;
}

@InputType({ description: 'All given conditions must hold' })
export class AuditLogFilter {
  @Field({ nullable: true, description: 'Actor subject' }) actor?: string;
  @Field(() => AuditAction, { nullable: true }) action?: AuditAction;
  @Field({ nullable: true, description: 'From this instant (inclusive)' }) from?: Date;
  @Field({ nullable: true, description: 'Before this instant (exclusive)' }) to?: Date;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter;
}

const AuditConnection = Connection(AuditEntry, 'AuditEntry', { shareable: true });

const toEntry = (row: AuditEntryEntity): AuditEntry =>
  Object.assign(new AuditEntry(), {
    id: row.id, at: row.at, actorSubject: row.actorSubject, actorRole: row.actorRole as Role, action: row.action as AuditAction,
    purpose: row.purpose, targetType: row.targetType, requestId: row.requestId,
    targetIdList: row.targetIds ? row.targetIds.split(',') : [],
    fieldList: row.fields ? row.fields.split(',') : [],
  });

/**
 * The audit-log query of one subgraph: `auditLog` in the community tier (the public contract), `<name>AuditLog` in
 * every other subgraph (each keeps the rows of its own reads: door trails in the complex tier…).
 */
export function auditLogResolver(queryName: string): Function {
  @Resolver(() => AuditEntry)
  class AuditLogResolver {
    @Query(() => AuditConnection, {
      name: queryName,
      description: "This subgraph's audit log, newest first: AUDITOR and SUBDISTRICT_ADMIN only (FORBIDDEN otherwise)",
    })
    async auditLog(@Args() { filter: given, first, after }: AuditLogArgs, @Ctx() ctx: GridhubContext) {
      const filter = given ?? {}; // an explicit null too
      requireReach(ctx.identity, DataClass.AUDIT, 'read the audit log');
      const qb = ctx.data.query(AuditEntryEntity, 'a');
      if (filter.actor) qb.andWhere('a.actorSubject = :actor', { actor: filter.actor });
      if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
      // Instants in the stored form of the column (SQLite keeps text, which must not be compared with ISO text).
      const at = ctx.data.connection.getMetadata(AuditEntryEntity).findColumnWithPropertyName('at')!;
      const stored = (d: Date) => ctx.data.connection.driver.preparePersistentValue(d, at) as unknown;
      if (filter.from) qb.andWhere('a.at >= :from', { from: stored(filter.from) });
      if (filter.to) qb.andWhere('a.at < :to', { to: stored(filter.to) });
      const page = await paginate(qb, { first, after }, { idColumn: 'a.id', sort: { column: 'a.id', property: 'id', direction: 'DESC' } });
      return { ...page, edges: page.edges.map((e) => ({ ...e, node: toEntry(e.node) })), get totalCount() { return page.totalCount; } };
    }
  }
  return AuditLogResolver;
}

export const AuditLogResolver = auditLogResolver('auditLog');
