import DataLoader from 'dataloader';
import { byId, defineLoader, type PageKey } from '@gridhub/kit';
import { restrictToScope, type Scope } from '../scope';
import { TreeHazardEntity } from './tree-hazard.entity';

export const hazardById = byId(TreeHazardEntity, 'hazardById');

/** A grid's hazards as the caller may see them, optionally of one status: the key of the two loaders below. */
export interface GridHazardsKey {
  gridId: number;
  status: string | null;
  scope: Scope;
}
export const gridHazardsKey = (key: GridHazardsKey): string => JSON.stringify([key.gridId, key.status, key.scope]);
const parseKey = (key: string): GridHazardsKey => {
  const [gridId, status, scope] = JSON.parse(key) as [number, string | null, Scope];
  return { gridId, status, scope };
};
/** Everything but the grid: keys sharing it are read in one statement. */
const groupOf = ({ status, scope }: GridHazardsKey) => JSON.stringify([status, scope]);

/**
 * Newest-first pages of hazards per grid for a whole batch of grids, one statement per (status, scope, page size,
 * cursor) group: `ROW_NUMBER() OVER (PARTITION BY gridId ORDER BY id DESC)`, like the kit's `pagedBy`, plus the
 * status and the caller's row filter.
 */
export const hazardsPageByGrid = defineLoader<PageKey<string>, TreeHazardEntity[]>('hazardsPageByGrid', (db) =>
  new DataLoader(
    async (keys) => {
      const groups = new Map<string, { key: GridHazardsKey; limit: number; afterId?: string | number; grids: number[] }>();
      for (const k of keys) {
        const key = parseKey(k.parent);
        const g = `${groupOf(key)}|${k.limit}|${k.afterId ?? ''}`;
        const group = groups.get(g) ?? { key, limit: k.limit, afterId: k.afterId, grids: [] };
        group.grids.push(key.gridId);
        groups.set(g, group);
      }
      const results = new Map<string, TreeHazardEntity[]>();
      for (const [g, { key, limit, afterId, grids }] of groups) {
        const window = db
          .createQueryBuilder()
          .select('w.id', 'wid')
          .addSelect('ROW_NUMBER() OVER (PARTITION BY w.gridId ORDER BY w.id DESC)', 'rn')
          .from(TreeHazardEntity, 'w')
          .where('w.gridId IN (:...grids)', { grids });
        if (key.status) window.andWhere('w.status = :status', { status: key.status });
        if (afterId !== undefined) window.andWhere('w.id < :afterId', { afterId: Number(afterId) });
        restrictToScope(window, 'w', key.scope);
        const rows = await db
          .getRepository(TreeHazardEntity)
          .createQueryBuilder('h')
          .where(`h.id IN (SELECT ranked.wid FROM (${window.getQuery()}) ranked WHERE ranked.rn <= :limit)`, { limit })
          .setParameters(window.getParameters())
          .orderBy('h.id', 'DESC')
          .getMany();
        for (const row of rows) {
          const k = `${g}|${row.gridId}`;
          results.set(k, [...(results.get(k) ?? []), row]);
        }
      }
      return keys.map((k) => results.get(`${groupOf(parseKey(k.parent))}|${k.limit}|${k.afterId ?? ''}|${parseKey(k.parent).gridId}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.parent}|${k.limit}|${k.afterId ?? ''}`, maxBatchSize: 1000 },
  ),
);

/** Hazards per grid (status, scope), one `GROUP BY` statement per (status, scope) in the batch. */
export const hazardCountByGrid = defineLoader<string, number>('hazardCountByGrid', (db) =>
  new DataLoader(async (keys) => {
    const groups = new Map<string, { key: GridHazardsKey; grids: number[] }>();
    for (const k of keys) {
      const key = parseKey(k);
      const group = groups.get(groupOf(key)) ?? { key, grids: [] };
      group.grids.push(key.gridId);
      groups.set(groupOf(key), group);
    }
    const counts = new Map<string, number>();
    for (const { key, grids } of groups.values()) {
      const qb = db
        .getRepository(TreeHazardEntity)
        .createQueryBuilder('h')
        .select('h.gridId', 'k')
        .addSelect('COUNT(*)', 'n')
        .where('h.gridId IN (:...grids)', { grids })
        .groupBy('h.gridId');
      if (key.status) qb.andWhere('h.status = :status', { status: key.status });
      restrictToScope(qb, 'h', key.scope);
      for (const r of await qb.getRawMany<{ k: number; n: string | number }>()) counts.set(gridHazardsKey({ ...key, gridId: Number(r.k) }), Number(r.n));
    }
    return keys.map((k) => counts.get(k) ?? 0);
  }),
);

/** Cleared hazards per campaign, one `GROUP BY` statement per batch. */
export const clearedCountByCampaign = defineLoader<number, number>('clearedCountByCampaign', (db) =>
  new DataLoader(async (ids) => {
    const rows = await db
      .getRepository(TreeHazardEntity)
      .createQueryBuilder('h')
      .select('h.campaignId', 'k')
      .addSelect('COUNT(*)', 'n')
      .where('h.campaignId IN (:...ids) AND h.status = :cleared', { ids: [...ids], cleared: 'CLEARED' })
      .groupBy('h.campaignId')
      .getRawMany<{ k: number; n: string | number }>();
    const counts = new Map(rows.map((r) => [Number(r.k), Number(r.n)]));
    return ids.map((id) => counts.get(id) ?? 0);
  }),
);
