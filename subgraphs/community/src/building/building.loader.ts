import { byId, groupedBy } from '@gridhub/kit';
import { BuildingEntity, HouseEntity } from './building.entity';

export const buildingById = byId(BuildingEntity, 'buildingById');
export const houseById = byId(HouseEntity, 'houseById');
export const buildingsByGrid = groupedBy(BuildingEntity, 'gridId', 'buildingsByGrid');
export const housesByBuilding = groupedBy(HouseEntity, 'buildingId', 'housesByBuilding', { order: { unit: 'ASC', number: 'ASC' } });
