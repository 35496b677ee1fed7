import { AuditAction, auditRead, Role, type GridhubContext } from '@gridhub/kit';
import { RESTRICTED_TAGS, type PopulationTag } from './person-tag';

/**
 * Special-population (restricted) tags are for the roles that care for those persons; every read of one is
 * audited (one row per request listing the persons). The roles are those that read persons at all today;
 * the list is kept separate so a future reader of persons (a vendor role) does not get them by default.
 */
export const SPECIAL_POPULATION_READERS: ReadonlySet<Role> = new Set([Role.SUBDISTRICT_ADMIN, Role.COMMUNITY_STAFF, Role.GRID_WORKER]);

export const isRestricted = (tag: string) => RESTRICTED_TAGS.has(tag as PopulationTag);

/** The tags the caller may see, noting restricted ones in the audit log. */
export function visibleTags<T extends { tag: string; personId: number }>(ctx: GridhubContext, tags: T[]): T[] {
  if (!SPECIAL_POPULATION_READERS.has(ctx.identity.role)) return tags.filter((t) => !isRestricted(t.tag));
  const restricted = tags.filter((t) => isRestricted(t.tag));
  if (restricted.length)
    auditRead(ctx, { action: AuditAction.READ_SPECIAL_POPULATION, targetType: 'Person', targetIds: restricted.map((t) => t.personId), fields: ['tags'] });
  return tags;
}

/** A search by a restricted tag reveals who carries it: the persons on the page are audited. */
export function auditTagSearch(ctx: GridhubContext, tag: string | undefined, personIds: number[]): void {
  if (tag && isRestricted(tag) && personIds.length)
    auditRead(ctx, { action: AuditAction.READ_SPECIAL_POPULATION, targetType: 'Person', targetIds: personIds, fields: ['tags'] });
}
