import type { LoaderDef } from '../db/loaders';
import { forbidden, notFound } from '../errors';
import type { Identity } from '../identity';
import type { GridhubContext } from '../context';
import { inScope, type ScopedRow } from './filter';
import { scopeOf, type DataClass } from './policy';

/**
 * One rule for rows outside the caller's scope, everywhere: reading one (a root field, a reference, the target
 * of a mutation) is NOT_FOUND, exactly as for a row that does not exist, so scope never reveals existence.
 * FORBIDDEN is for what the caller can see but may not do (a role that may not change this class of data,
 * a change into a grid the caller can see but does not work in).
 */
export function visible(identity: Identity, data: DataClass, row: ScopedRow): boolean {
  return inScope(scopeOf(identity, data), row);
}

/** The row, if the caller may read it; NOT_FOUND when it is missing or out of scope. */
export function requireVisible<T>(identity: Identity, data: DataClass, row: T | null | undefined, toRow: (r: T) => ScopedRow, what: string, id: string | number): T {
  if (row == null || !visible(identity, data, toRow(row))) throw notFound(what, id);
  return row;
}

/** Refuses (FORBIDDEN) a caller whose role reaches no row of `data` for this kind of access. */
export function requireReach(identity: Identity, data: DataClass, what: string, options: { write?: boolean } = {}): void {
  if (scopeOf(identity, data, options).kind === 'none') throw forbidden(`${identity.role} may not ${what}`, { role: identity.role });
}

/** For a change to an existing row: NOT_FOUND if the caller cannot read it, FORBIDDEN if it may read but not change it. */
export function requireWritable(identity: Identity, data: DataClass, row: ScopedRow, what: string, id: string | number): void {
  if (!visible(identity, data, row)) throw notFound(what, id);
  if (!inScope(scopeOf(identity, data, { write: true }), row)) throw forbidden(`${what} ${id} is outside what you may change`, { role: identity.role });
}

/** For a new row placed somewhere the caller can see (a grid, a community): FORBIDDEN when it may not write there. */
export function requireWritableTarget(identity: Identity, data: DataClass, row: ScopedRow, what: string): void {
  if (!inScope(scopeOf(identity, data, { write: true }), row)) throw forbidden(`${what} is outside what you may change`, { role: identity.role });
}

/** Keeps the rows the caller may read (for per-request loader results where a SQL filter is impractical). */
export function onlyVisible<T>(identity: Identity, data: DataClass, rows: readonly T[], toRow: (r: T) => ScopedRow): T[] {
  const scope = scopeOf(identity, data);
  return scope.kind === 'all' ? [...rows] : rows.filter((r) => inScope(scope, toRow(r)));
}

/**
 * Resolves an entity by reference through its batched loader, then checks it against the caller's scope: out of
 * scope (or missing) resolves to null with NOT_FOUND, like any other read. Use it as a subgraph's `references`
 * entry: `references: { Person: scopedReference('Person', personById, DataClass.PERSONAL, (p) => p) }`.
 */
export function scopedReference<K extends string | number, V>(typeName: string, loader: LoaderDef<K, V | null>, data: DataClass, row: (value: V) => ScopedRow) {
  return async (id: number | string, ctx: GridhubContext): Promise<V> =>
    requireVisible(ctx.identity, data, await ctx.loaders.get(loader).load(id as K), row, typeName, id);
}
