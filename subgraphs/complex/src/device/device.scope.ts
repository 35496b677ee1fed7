import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { ComplexScope } from '../scope';

/** Restricts a query on a table with a `complexId` column to the caller's complexes. */
export function whereInScope<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, scope: ComplexScope): SelectQueryBuilder<E> {
  if (scope.all) return qb;
  const parts: string[] = ['1 = 0'];
  if (scope.complexIds.length) parts.push(`${column} IN (:...__scopeComplexes)`);
  if (scope.communityIds.length) parts.push(`${column} IN (SELECT c.id FROM residential_complex c WHERE c.communityId IN (:...__scopeCommunities))`);
  return qb.andWhere(`(${parts.join(' OR ')})`, { __scopeComplexes: scope.complexIds, __scopeCommunities: scope.communityIds });
}
