import type { ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { OwnerKind, Scope } from './policy';

/**
 * Where a table keeps what scopes are decided on, per owner kind: SQL expressions (`p.gridId`, or a sub-select such
 * as `(SELECT c.communityId FROM residential_complex c WHERE c.id = d.complexId)`), plus `owner`, the subject that
 * reported the row (the reporter always sees its own reports). A scope that finds none of its kinds matches
 * nothing but the caller's own reports.
 */
export type ScopeColumns = { [K in OwnerKind]?: string } & { owner?: string };

/** The same facts, as values of a loaded row (for mutations on rows already in memory). */
export type ScopedRow = { [K in OwnerKind]?: number | string | null } & { owner?: string | null };

let counter = 0;
const none = (list: (number | string)[]) => (list.length ? list : [-1]);

/** The owner kind a scope is decided on for a table: the first of the role's home kinds the table records. */
function decidingKind<T>(scope: Extract<Scope, { kind: 'own' }>, has: (kind: OwnerKind) => T | undefined | null) {
  for (const reach of scope.by) {
    const column = has(reach.kind);
    if (column !== undefined) return { reach, column };
  }
  return undefined;
}

/** The scope as one SQL condition with its parameters (`1 = 1` for `all`). */
export function scopeCondition(scope: Scope, columns: ScopeColumns): { sql: string; params: Record<string, unknown> } {
  if (scope.kind === 'all') return { sql: '1 = 1', params: {} };
  const n = ++counter % 1_000_000;
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (scope.kind === 'own') {
    const decided = decidingKind(scope, (kind) => columns[kind]);
    if (decided?.column) {
      parts.push(`${decided.column} IN (:...__scope${n})`);
      params[`__scope${n}`] = none(decided.reach.ids);
    }
  }
  if (columns.owner) {
    parts.push(`${columns.owner} = :__scope${n}_owner`);
    params[`__scope${n}_owner`] = scope.subject;
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '1 = 0', params };
}

/** Restricts a query to the rows of `scope` (an `AND` condition): list queries count and page within scope. */
export function applyScope<Q extends WhereExpressionBuilder>(qb: Q, scope: Scope, columns: ScopeColumns): Q {
  if (scope.kind === 'all') return qb;
  const { sql, params } = scopeCondition(scope, columns);
  (qb as unknown as SelectQueryBuilder<ObjectLiteral>).andWhere(sql, params);
  return qb;
}

/** Whether a row already in memory is in scope: the rule `applyScope` applies in SQL. */
export function inScope(scope: Scope, row: ScopedRow): boolean {
  if (scope.kind === 'all') return true;
  if (row.owner != null && row.owner === scope.subject) return true;
  if (scope.kind === 'none') return false;
  const decided = decidingKind(scope, (kind) => (kind in row ? row[kind] : undefined));
  return decided != null && decided.column != null && decided.reach.ids.map(String).includes(String(decided.column));
}
