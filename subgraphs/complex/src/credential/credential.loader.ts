import { byId, groupedBy } from '@gridhub/kit';
import { CredentialEntity } from './credential.entity';

export const credentialById = byId(CredentialEntity, 'credentialById');
/** A person's active credentials within the caller's scope (a manager: those of its complexes). */
export const activeCredentialsByPerson = groupedBy(CredentialEntity, 'personId', 'activeCredentialsByPerson', { where: { revokedAt: null } });
