import { forbidden, Role, type Identity } from '@gridhub/kit';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Who sees and does what in the power-grid plug-in (DESIGN.md, "Identity, scoping and privacy"):
 *
 * | role | lines, spans, campaigns | tree hazards | report / update / request mediation |
 * |---|---|---|---|
 * | SUBDISTRICT_ADMIN | all | all | yes, any agency |
 * | CENTER_OPERATOR, AUDITOR | all | all | no (read-only) |
 * | PARTNER (with `agency`) | own agency's | own agency's | own agency's only |
 * | PARTNER without an agency | none | none | no |
 * | COMMUNITY_STAFF | all | those in their communities | no |
 * | GRID_WORKER | all | those in their grids | no |
 * | COMPLEX_MANAGER | none | none | no |
 *
 * Lines are infrastructure and carry no personal data, so the community tier may see where they run; hazards
 * are the agency's working data, shown to the community tier only where they are (the village committee mediates).
 * A record outside the caller's scope answers NOT_FOUND (its existence is not revealed), by id and by reference.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'agency'; agency: string }
  | { kind: 'grids'; ids: number[] }
  | { kind: 'communities'; ids: number[] };

const SEE_ALL = new Set<Role>([Role.SUBDISTRICT_ADMIN, Role.CENTER_OPERATOR, Role.AUDITOR]);

/** The rows of tree hazards the caller may read. */
export function hazardScope(identity: Identity): Scope {
  if (SEE_ALL.has(identity.role)) return { kind: 'all' };
  switch (identity.role) {
    case Role.PARTNER:
      return identity.agency ? { kind: 'agency', agency: identity.agency } : { kind: 'none' };
    case Role.GRID_WORKER:
      return { kind: 'grids', ids: identity.gridIds ?? [] };
    case Role.COMMUNITY_STAFF:
      return { kind: 'communities', ids: identity.communityIds ?? [] };
    default:
      return { kind: 'none' };
  }
}

/** The lines (and their spans and campaigns) the caller may read. */
export function lineScope(identity: Identity): Scope {
  if (identity.role === Role.PARTNER) return hazardScope(identity);
  if (identity.role === Role.COMPLEX_MANAGER) return { kind: 'none' };
  return { kind: 'all' };
}

/** Whether a row (with its agency, grid and community) is inside a scope. */
export function inScope(scope: Scope, row: { agency: string; gridId?: number; communityId?: number | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'agency':
      return row.agency === scope.agency;
    case 'grids':
      return row.gridId !== undefined && scope.ids.includes(row.gridId);
    case 'communities':
      return row.communityId != null && scope.ids.includes(row.communityId);
  }
}

/** The same rule as `inScope`, as a WHERE condition on a query whose alias has agency, gridId and communityId. */
export function restrictToScope<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string, scope: Scope): SelectQueryBuilder<E> {
  const ids = (list: number[]) => (list.length ? list : [-1]);
  switch (scope.kind) {
    case 'all':
      return qb;
    case 'none':
      return qb.andWhere('1 = 0');
    case 'agency':
      return qb.andWhere(`${alias}.agency = :scopeAgency`, { scopeAgency: scope.agency });
    case 'grids':
      return qb.andWhere(`${alias}.gridId IN (:...scopeGrids)`, { scopeGrids: ids(scope.ids) });
    case 'communities':
      return qb.andWhere(`${alias}.communityId IN (:...scopeCommunities)`, { scopeCommunities: ids(scope.ids) });
  }
}

/** Reporting and changing hazards: the line's own agency (PARTNER) or the subdistrict administrator. */
export function requireWriter(identity: Identity, agency: string): void {
  if (identity.role === Role.SUBDISTRICT_ADMIN) return;
  if (identity.role === Role.PARTNER && identity.agency === agency) return;
  throw forbidden(`${identity.role} may not change tree hazards of ${agency}`, { role: identity.role });
}
