import type { ScopedData } from '@gridhub/kit';
import type { SelectQueryBuilder } from 'typeorm';
import { GridEventEntity } from '../event/event.entity';
import { EventStatus, FINAL_STATUSES } from '../event/event.enums';
import type { GovernanceStats, KeyCount } from './stats.type';

/** The value at percentile `p` (0–1] of an ascending list, nearest-rank method; null for an empty list. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const tally = (rows: { k: string | number; n: number }[]): KeyCount[] => {
  const sums = new Map<string, number>();
  for (const { k, n } of rows) sums.set(String(k), (sums.get(String(k)) ?? 0) + n);
  return [...sums].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
};

/**
 * Four statements whatever the number of events: counts grouped by (status, category, source, community);
 * rate and deadline sums; the ordered report-to-close durations (for the percentiles); per-grid counts. Each is a
 * scoped query: a community's staff get their community's figures, a grid worker her grids'.
 */
export async function governanceStats(data: ScopedData, from: Date, to: Date, asOf: Date): Promise<GovernanceStats> {
  const base = (): SelectQueryBuilder<GridEventEntity> =>
    data.query(GridEventEntity, 'e').andWhere('e.reportedAt >= :from AND e.reportedAt < :to', { from, to });
  const open = `e.status NOT IN (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  const closed = `e.status = '${EventStatus.CLOSED}'`;

  const groups = await base()
    .select('e.status', 'status').addSelect('e.categoryRoot', 'category').addSelect('e.source', 'source').addSelect('e.communityId', 'community')
    .addSelect('COUNT(*)', 'n')
    .groupBy('e.status').addGroupBy('e.categoryRoot').addGroupBy('e.source').addGroupBy('e.communityId')
    .getRawMany<{ status: string; category: string; source: string; community: number; n: string | number }>();
  const counted = groups.map((g) => ({ ...g, n: Number(g.n) }));

  const sums = await base()
    .select(`SUM(CASE WHEN ${closed} THEN 1 ELSE 0 END)`, 'closed')
    .addSelect(`SUM(CASE WHEN ${closed} AND e.resolvedAt <= e.handleDueAt THEN 1 ELSE 0 END)`, 'onTime')
    .addSelect('SUM(CASE WHEN e.dueAt < :asOf THEN 1 ELSE 0 END)', 'overdue')
    .addSelect('SUM(CASE WHEN e.dueAt < :asOf AND e.redAt >= :asOf THEN 1 ELSE 0 END)', 'yellow')
    .addSelect('SUM(CASE WHEN e.redAt < :asOf THEN 1 ELSE 0 END)', 'red')
    .setParameter('asOf', asOf)
    .getRawOne<Record<'closed' | 'onTime' | 'overdue' | 'yellow' | 'red', string | number | null>>();
  const num = (v: string | number | null | undefined) => Number(v ?? 0);

  const seconds = data.dialect === 'mysql'
    ? 'TIMESTAMPDIFF(SECOND, e.reportedAt, e.closedAt)'
    : 'CAST(ROUND((julianday(e.closedAt) - julianday(e.reportedAt)) * 86400) AS INTEGER)';
  const durations = (await base().select(seconds, 'd').andWhere(closed).orderBy('d', 'ASC').getRawMany<{ d: string | number }>()).map((r) => Number(r.d));

  const grids = await base()
    .select('e.gridId', 'grid').addSelect('COUNT(*)', 'n')
    .addSelect(`SUM(CASE WHEN ${open} THEN 1 ELSE 0 END)`, 'open')
    .addSelect('SUM(CASE WHEN e.dueAt < :asOf THEN 1 ELSE 0 END)', 'overdue')
    .setParameter('asOf', asOf)
    .groupBy('e.gridId').orderBy('e.gridId', 'ASC')
    .getRawMany<{ grid: number; n: string | number; open: string | number; overdue: string | number }>();

  const total = counted.reduce((a, g) => a + g.n, 0);
  const closedCount = num(sums?.closed);
  const onTime = num(sums?.onTime);
  return {
    from, to, asOf, total,
    byStatus: tally(counted.map((g) => ({ k: g.status, n: g.n }))),
    byCategory: tally(counted.map((g) => ({ k: g.category, n: g.n }))),
    bySource: tally(counted.map((g) => ({ k: g.source, n: g.n }))),
    byCommunity: tally(counted.map((g) => ({ k: g.community, n: g.n }))).map(({ key, count }) => ({
      communityId: Number(key), community: { id: Number(key) }, count,
    })),
    byGrid: grids.map((g) => ({ gridId: Number(g.grid), grid: { id: Number(g.grid) }, count: Number(g.n), open: Number(g.open), overdue: Number(g.overdue) })),
    closed: closedCount,
    closureRate: total ? closedCount / total : 0,
    closedOnTime: onTime,
    onTimeRate: closedCount ? onTime / closedCount : 0,
    medianSecondsToClose: percentile(durations, 0.5),
    p90SecondsToClose: percentile(durations, 0.9),
    overdue: num(sums?.overdue),
    supervisedYellow: num(sums?.yellow),
    supervisedRed: num(sums?.red),
  };
}
