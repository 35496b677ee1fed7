import { byId, groupedBy } from '@gridhub/kit';
import { DepartmentEntity } from './department.entity';

export const departmentById = byId(DepartmentEntity, 'departmentById');
export const departmentsBySubdistrict = groupedBy(DepartmentEntity, 'subdistrictId', 'departmentsBySubdistrict');
