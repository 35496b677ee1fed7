import { byId, groupedBy } from '@gridhub/kit';
import { PlatformEntity } from './platform.entity';

export const platformById = byId(PlatformEntity, 'platformById');
export const platformsBySubdistrict = groupedBy(PlatformEntity, 'subdistrictId', 'platformsBySubdistrict');
