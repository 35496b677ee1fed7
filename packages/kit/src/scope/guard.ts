import { forbidden, notFound } from '../errors';
import type { Identity } from '../identity';
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

/** The row a scoped read returned, or NOT_FOUND (missing and out of scope alike). */
export function found<T>(row: T | null | undefined, what: string, id: string | number): T {
  if (row == null) throw notFound(what, id);
  return row;
}

/** Refuses (FORBIDDEN) a caller whose role reaches no row of `data` for this kind of access. */
export function requireReach(identity: Identity, data: DataClass, what: string, options: { write?: boolean } = {}): void {
  if (scopeOf(identity, data, options).kind === 'none') throw forbidden(`${identity.role} may not ${what}`, { role: identity.role });
}
