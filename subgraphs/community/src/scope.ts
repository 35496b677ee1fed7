import { DataClass, scopeOf, type GridhubContext, type ScopedRow } from '@gridhub/kit';

/**
 * Which kit data class each of this tier's tables belongs to, and where each keeps its scope columns.
 * The rules themselves (who reaches what) live in the kit's ACCESS_POLICY.
 */
export const PERSONS = DataClass.PERSONAL;
export const GRIDS = DataClass.BOUNDARY;
export const STRUCTURE = DataClass.STRUCTURE;

export const personRow = (p: { gridId: number; communityId: number }): ScopedRow => ({ gridId: p.gridId, communityId: p.communityId });
export const gridRow = (g: { id: number; communityId: number }): ScopedRow => ({ gridId: g.id, communityId: g.communityId });
export const communityRow = (c: { id: number }): ScopedRow => ({ communityId: c.id });
export const buildingRow = (b: { gridId: number; communityId: number }): ScopedRow => ({ gridId: b.gridId, communityId: b.communityId });
/** Rows that belong to a community as a whole (organisations, grid workers). */
export const communityOwnedRow = (r: { communityId: number }): ScopedRow => ({ communityId: r.communityId });

/** The caller's scope over persons: its kind decides whether per-parent resident pages can be served whole. */
export const personScope = (ctx: GridhubContext) => scopeOf(ctx.identity, PERSONS);
