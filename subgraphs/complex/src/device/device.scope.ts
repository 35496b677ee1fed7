import { applyScope, DataClass, scopeOf, type Identity } from '@gridhub/kit';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Restricts a query on a table with a `complexId` column to the caller's complexes (the kit's DEVICES scope). */
export function whereInScope<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, identity: Identity): SelectQueryBuilder<E> {
  return applyScope(qb, scopeOf(identity, DataClass.DEVICES), {
    complexId: column,
    communityId: `(SELECT sc.communityId FROM residential_complex sc WHERE sc.id = ${column})`,
  });
}
