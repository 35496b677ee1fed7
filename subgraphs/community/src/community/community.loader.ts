import DataLoader from 'dataloader';
import { byId, defineLoader } from '@gridhub/kit';
import type { DataSource } from 'typeorm';
import { CommunityEntity } from './community.entity';
import type { DataCoverage } from './community.type';

export const communityById = byId(CommunityEntity, 'communityById');

/**
 * Data coverage (houses without a registered resident, persons without a house) for a batch of grids
 * or communities: two aggregate statements per batch, whatever the number of rows behind them.
 */
function coverageLoader(level: 'grid' | 'community') {
  return defineLoader<number, DataCoverage>(`coverageBy_${level}`, (db: DataSource) =>
    new DataLoader(async (ids) => {
      const key = level === 'grid' ? 'h.gridId' : 'g.communityId';
      const pkey = level === 'grid' ? 'p.gridId' : 'p.communityId';
      const list = ids.map(Number);
      const houses: { k: number; n: string; empty: string }[] = await db
        .createQueryBuilder()
        .select(key, 'k')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM residence r WHERE r.houseId = h.id AND r.movedOutAt IS NULL) THEN 1 ELSE 0 END)', 'empty')
        .from('house', 'h')
        .innerJoin('grid', 'g', 'g.id = h.gridId')
        .where(`${key} IN (:...list)`, { list })
        .groupBy(key)
        .getRawMany();
      const persons: { k: number; n: string; homeless: string }[] = await db
        .createQueryBuilder()
        .select(pkey, 'k')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM residence r WHERE r.personId = p.id AND r.movedOutAt IS NULL) THEN 1 ELSE 0 END)', 'homeless')
        .from('person', 'p')
        .where(`${pkey} IN (:...list)`, { list })
        .groupBy(pkey)
        .getRawMany();
      const h = new Map(houses.map((r) => [Number(r.k), r]));
      const p = new Map(persons.map((r) => [Number(r.k), r]));
      return list.map((id) => ({
        houses: Number(h.get(id)?.n ?? 0),
        housesWithoutResident: Number(h.get(id)?.empty ?? 0),
        persons: Number(p.get(id)?.n ?? 0),
        personsWithoutHouse: Number(p.get(id)?.homeless ?? 0),
      }));
    }),
  );
}

export const coverageByGrid = coverageLoader('grid');
export const coverageByCommunity = coverageLoader('community');
