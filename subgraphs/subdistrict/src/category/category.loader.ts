import DataLoader from 'dataloader';
import { defineLoader, groupedBy } from '@gridhub/kit';
import { DeadlinePolicyEntity, EventCategoryEntity } from './category.entity';

export const categoryByCode = defineLoader<string, EventCategoryEntity | null>('categoryByCode', (data) =>
  new DataLoader(async (codes) => {
    const rows = await data.query(EventCategoryEntity, 'c').andWhere('c.code IN (:...codes)', { codes: [...codes] }).getMany();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => byCode.get(c) ?? null);
  }),
);
export const categoriesByParent = groupedBy(EventCategoryEntity, 'parentCode', 'categoriesByParent', { order: { position: 'ASC' } });
export const policiesByCategory = groupedBy(DeadlinePolicyEntity, 'categoryCode', 'policiesByCategory', { order: { id: 'ASC' } });
