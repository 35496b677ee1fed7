import type { GridhubContext } from '@gridhub/kit';
import { complexesByCommunity } from '../complex/complex.loader';
import { ACCESS_TRAIL_READERS, complexScope, requireRole } from '../scope';

/**
 * The complexes whose door records the caller may read: undefined for every complex, else a list (possibly
 * empty). Community-scoped roles get the complexes of their communities through a batched loader.
 */
export async function readableComplexIds(ctx: GridhubContext): Promise<number[] | undefined> {
  requireRole(ctx.identity, ACCESS_TRAIL_READERS, 'read door-access records');
  const scope = complexScope(ctx.identity);
  if (scope.all) return undefined;
  const viaCommunity = (await ctx.loaders.get(complexesByCommunity).loadMany(scope.communityIds)).flatMap((r) =>
    Array.isArray(r) ? r.map((c) => c.id) : [],
  );
  return [...new Set([...scope.complexIds, ...viaCommunity])].sort((a, b) => a - b);
}
