import type { ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { Scope } from './policy';

/**
 * Where a table keeps what scopes are decided on: SQL expressions (`p.gridId`, or a sub-select such as
 * `(SELECT c.communityId FROM residential_complex c WHERE c.id = d.complexId)`). A table leaves out what it
 * does not have; a scope that finds none of its columns matches nothing (but the caller's own reports).
 */
export interface ScopeColumns {
  communityId?: string;
  gridId?: string;
  complexId?: string;
  /** The subject that reported the row: the reporter always sees its own reports. */
  owner?: string;
}

/** The same facts, as values of a loaded row (for loaders, reference resolution and mutations). */
export interface ScopedRow {
  communityId?: number | null;
  gridId?: number | null;
  complexId?: number | null;
  owner?: string | null;
}

let counter = 0;
const none = (list: number[]) => (list.length ? list : [-1]);

/** The scope as one SQL condition with its parameters (`1 = 1` for `all`). */
export function scopeCondition(scope: Scope, columns: ScopeColumns): { sql: string; params: Record<string, unknown> } {
  if (scope.kind === 'all') return { sql: '1 = 1', params: {} };
  const n = ++counter % 1_000_000;
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (column: string | undefined, ids: number[]) => {
    if (!column) return false;
    const p = `__scope${n}_${parts.length}`;
    parts.push(`${column} IN (:...${p})`);
    params[p] = none(ids);
    return true;
  };
  if (scope.kind === 'communities') add(columns.communityId, scope.communityIds);
  else if (scope.kind === 'grids') {
    if (!add(columns.gridId, scope.gridIds)) add(columns.communityId, scope.communityIds);
  }
  else if (scope.kind === 'complexes') add(columns.complexId, scope.complexIds);
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

/** Whether a loaded row is in scope: the rule `applyScope` applies in SQL, for rows already in memory. */
export function inScope(scope: Scope, row: ScopedRow): boolean {
  if (scope.kind === 'all') return true;
  if (row.owner != null && row.owner === scope.subject) return true;
  const has = (v: number | null | undefined, ids: number[]) => v != null && ids.includes(Number(v));
  switch (scope.kind) {
    case 'communities':
      return has(row.communityId, scope.communityIds);
    case 'grids':
      return row.gridId != null ? has(row.gridId, scope.gridIds) : has(row.communityId, scope.communityIds);
    case 'complexes':
      return has(row.complexId, scope.complexIds);
    case 'none':
      return false;
  }
}
