import { byId, groupedBy } from '@gridhub/kit';
import { ComplexBuildingEntity, ComplexEntity } from './complex.entity';

export const complexById = byId(ComplexEntity, 'complexById');
export const complexesByCommunity = groupedBy(ComplexEntity, 'communityId', 'complexesByCommunity');
export const buildingsByComplex = groupedBy(ComplexBuildingEntity, 'complexId', 'buildingsByComplex', { order: { buildingId: 'ASC' } });
