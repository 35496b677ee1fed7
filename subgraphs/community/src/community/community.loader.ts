import DataLoader from 'dataloader';
import { byId, defineLoader } from '@gridhub/kit';
import { HouseEntity } from '../building/building.entity';
import { PersonEntity, ResidenceEntity } from '../person/person.entity';
import { CommunityEntity } from './community.entity';
import type { DataCoverage } from './community.type';

export const communityById = byId(CommunityEntity, 'communityById');

/**
 * Data coverage (houses without a registered resident, persons without a house) for a batch of grids
 * or communities: two aggregate statements per batch, whatever the number of rows behind them. Both are scoped like
 * every read: the counts cover the houses and persons the caller may see, and a role that sees no persons counts none.
 */
function coverageLoader(level: 'grid' | 'community') {
  return defineLoader<number, DataCoverage>(`coverageBy_${level}`, (data) =>
    new DataLoader(async (ids) => {
      const key = level === 'grid' ? 'h.gridId' : 'g.communityId';
      const pkey = level === 'grid' ? 'p.gridId' : 'p.communityId';
      const list = ids.map(Number);
      const lived = data.exists(ResidenceEntity, 'r', 'r.houseId = h.id AND r.movedOutAt IS NULL', {});
      const houses: { k: number; n: string; empty: string }[] = await data
        .query(HouseEntity, 'h')
        .select(key, 'k')
        .addSelect('COUNT(*)', 'n')
        .addSelect(`SUM(CASE WHEN NOT ${lived.sql} THEN 1 ELSE 0 END)`, 'empty')
        .innerJoin('grid', 'g', 'g.id = h.gridId')
        .andWhere(`${key} IN (:...list)`, { list, ...lived.params })
        .groupBy(key)
        .getRawMany();
      const housed = data.exists(ResidenceEntity, 'r', 'r.personId = p.id AND r.movedOutAt IS NULL', {});
      const persons: { k: number; n: string; homeless: string }[] = await data
        .query(PersonEntity, 'p')
        .select(pkey, 'k')
        .addSelect('COUNT(*)', 'n')
        .addSelect(`SUM(CASE WHEN NOT ${housed.sql} THEN 1 ELSE 0 END)`, 'homeless')
        .andWhere(`${pkey} IN (:...list)`, { list, ...housed.params })
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
