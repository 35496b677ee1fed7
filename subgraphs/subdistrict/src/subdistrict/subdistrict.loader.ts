import { byId } from '@gridhub/kit';
import { SubdistrictEntity } from './subdistrict.entity';

export const subdistrictById = byId(SubdistrictEntity, 'subdistrictById');
