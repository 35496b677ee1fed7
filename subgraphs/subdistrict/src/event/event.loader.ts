import DataLoader from 'dataloader';
import { byId, defineLoader, groupedBy, type PageKey } from '@gridhub/kit';
import { EventHistoryEntity, GridEventEntity } from './event.entity';

export const eventById = byId(GridEventEntity, 'eventById');
/** Each event's history, oldest first: one statement per batch of events. */
export const historyByEvent = groupedBy(EventHistoryEntity, 'eventId', 'historyByEvent', { order: { id: 'ASC' } });

/** A grid's events, optionally of one status: `<gridId>` or `<gridId>:<status>`. */
export type GridEventsKey = string;
export const gridEventsKey = (gridId: number, status?: string | null): GridEventsKey => (status ? `${gridId}:${status}` : String(gridId));
const parseKey = (key: GridEventsKey) => {
  const [grid, status] = key.split(':');
  return { gridId: Number(grid), status: status ?? null };
};

/**
 * Newest-first pages of events per grid for a whole batch of grids, one statement per (status, page size, cursor)
 * group — `ROW_NUMBER() OVER (PARTITION BY gridId ORDER BY id DESC)`, like the kit's `pagedBy`, plus the status.
 */
export const eventsPageByGrid = defineLoader<PageKey<GridEventsKey>, GridEventEntity[]>('eventsPageByGrid', (db) =>
  new DataLoader(
    async (keys) => {
      const groups = new Map<string, { status: string | null; limit: number; afterId?: string | number; grids: number[] }>();
      for (const key of keys) {
        const { gridId, status } = parseKey(key.parent);
        const g = `${status ?? ''}|${key.limit}|${key.afterId ?? ''}`;
        const group = groups.get(g) ?? { status, limit: key.limit, afterId: key.afterId, grids: [] };
        group.grids.push(gridId);
        groups.set(g, group);
      }
      const results = new Map<string, GridEventEntity[]>();
      for (const [g, { status, limit, afterId, grids }] of groups) {
        const window = db
          .createQueryBuilder()
          .select('w.id', 'wid')
          .addSelect('ROW_NUMBER() OVER (PARTITION BY w.gridId ORDER BY w.id DESC)', 'rn')
          .from(GridEventEntity, 'w')
          .where('w.gridId IN (:...grids)', { grids });
        if (status) window.andWhere('w.status = :status', { status });
        if (afterId !== undefined) window.andWhere('w.id < :afterId', { afterId: Number(afterId) });
        const rows = await db
          .getRepository(GridEventEntity)
          .createQueryBuilder('e')
          .where(`e.id IN (SELECT ranked.wid FROM (${window.getQuery()}) ranked WHERE ranked.rn <= :limit)`, { limit })
          .setParameters(window.getParameters())
          .orderBy('e.id', 'DESC')
          .getMany();
        for (const row of rows) {
          const k = `${g}|${row.gridId}`;
          results.set(k, [...(results.get(k) ?? []), row]);
        }
      }
      return keys.map((k) => {
        const { gridId, status } = parseKey(k.parent);
        return results.get(`${status ?? ''}|${k.limit}|${k.afterId ?? ''}|${gridId}`) ?? [];
      });
    },
    { cacheKeyFn: (k) => `${k.parent}|${k.limit}|${k.afterId ?? ''}`, maxBatchSize: 1000 },
  ),
);

/** Number of events per grid (and status), one `GROUP BY` statement per status in the batch. */
export const eventCountByGrid = defineLoader<GridEventsKey, number>('eventCountByGrid', (db) =>
  new DataLoader(async (keys) => {
    const byStatus = new Map<string, number[]>();
    for (const key of keys) {
      const { gridId, status } = parseKey(key);
      byStatus.set(status ?? '', [...(byStatus.get(status ?? '') ?? []), gridId]);
    }
    const counts = new Map<string, number>();
    for (const [status, grids] of byStatus) {
      const qb = db
        .getRepository(GridEventEntity)
        .createQueryBuilder('e')
        .select('e.gridId', 'k')
        .addSelect('COUNT(*)', 'n')
        .where('e.gridId IN (:...grids)', { grids })
        .groupBy('e.gridId');
      if (status) qb.andWhere('e.status = :status', { status });
      for (const r of await qb.getRawMany<{ k: number; n: string | number }>()) counts.set(gridEventsKey(Number(r.k), status), Number(r.n));
    }
    return keys.map((k) => counts.get(k) ?? 0);
  }),
);
