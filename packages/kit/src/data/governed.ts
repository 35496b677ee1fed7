import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { ScopeColumns } from '../scope/filter';
import { policyOf, type DataClass, type OwnerKind } from '../scope/policy';

/**
 * Where a governed table keeps its scope, per owner kind: an entity property (`'gridId'`) or an SQL expression in
 * which `{alias}` stands for the queried table's alias, e.g. a house's community through its building:
 * `'(SELECT b.communityId FROM building b WHERE b.id = {alias}.buildingId)'`. `owner` names the reporter property.
 */
export type GovernedColumns = { [K in OwnerKind]?: string } & { owner?: string };

/** Which reads of a table are audited, when not every read (the class's `audited` flag) is. */
export interface AuditRule {
  /** The audited class the rows count as (its audit action). */
  as: DataClass;
  /** Rows that are audited (e.g. restricted labels only); default all. */
  when?: (row: Record<string, unknown>) => boolean;
  /** Filters that are audited, from their parameters; default all. */
  whenFilter?: (params: Record<string, unknown>) => boolean;
  /** The record an audit row names (a label's person); default the row's id. */
  target?: { type: string; id: (row: Record<string, unknown>) => string | number; fields?: string[] };
}

export interface Governance {
  data: DataClass;
  columns: GovernedColumns;
  /** GraphQL type name of the rows (audit rows, errors); the entity's class name without `Entity` by default. */
  typeName: string;
  audit?: AuditRule;
  /** Rows matching `when` (SQL, `{alias}`) belong to a stricter class as well: both scopes must admit them. */
  restricted?: { data: DataClass; when: string };
}

const governed = new Map<Function, Governance>();

/**
 * Puts a table under the access policy: its rows belong to a data class and are scoped by the given columns. Every
 * read through the kit's data access (`ctx.data`) applies the caller's scope in SQL; a table without it cannot be
 * read through the kit at all.
 */
export function Governed(
  data: DataClass,
  columns: GovernedColumns = {},
  options: { typeName?: string; audit?: AuditRule; restricted?: Governance['restricted'] } = {},
): ClassDecorator {
  policyOf(data); // an unknown class fails at import time, not at the first request
  const audit = options.audit ?? (policyOf(data).audited ? { as: data } : undefined);
  return (target) => {
    governed.set(target, { data, columns, typeName: options.typeName ?? target.name.replace(/Entity$/, ''), audit, restricted: options.restricted });
  };
}

/** Every governed entity (the access matrix checks each GraphQL type maps to one). */
export const governedEntities = (): ReadonlyMap<Function, Governance> => governed;

export function governanceOf<E extends ObjectLiteral>(entity: EntityTarget<E>): Governance {
  const found = typeof entity === 'function' ? governed.get(entity) : undefined;
  if (!found) throw new Error(`entity ${typeof entity === 'function' ? entity.name : String(entity)} has no access policy: add @Governed(DataClass…, columns)`);
  return found;
}

export const isGoverned = (entity: Function): boolean => governed.has(entity);

/** The governance columns as SQL for a query alias (`gridId` → `p.gridId`; `{alias}` expanded). */
export function columnsFor(governance: Governance, alias: string): ScopeColumns {
  const out: ScopeColumns = {};
  for (const [kind, column] of Object.entries(governance.columns)) {
    if (!column) continue;
    out[kind] = /^[A-Za-z_]\w*$/.test(column) ? `${alias}.${column}` : column.replaceAll('{alias}', alias);
  }
  return out;
}
