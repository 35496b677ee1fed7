import { IsNull } from 'typeorm';
import { groupedBy } from '@gridhub/kit';
import { CredentialEntity } from './credential.entity';

export const activeCredentialsByPerson = groupedBy(CredentialEntity, 'personId', 'activeCredentialsByPerson', { where: { revokedAt: IsNull() } });
