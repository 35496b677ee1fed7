import { badInput, conflict, DataClass, notFound, requireReach, type ScopedData } from '@gridhub/kit';
import { ComplexEntity } from '../complex/complex.entity';
import { CredentialEntity } from './credential.entity';
import { CredentialKind } from './credential.type';

/**
 * Registers a door credential in a complex the caller may see (NOT_FOUND otherwise) and change credentials of
 * (FORBIDDEN otherwise: a complex manager its own complexes, community staff the complexes of its communities; a
 * credential without a complex only for roles reaching every credential). Face recognition must never be a
 * resident's only credential (DESIGN.md): FACE is refused unless the person already holds an active non-face
 * credential the caller can see. Checks and insert share a transaction.
 */
export async function registerCredential(
  data: ScopedData,
  input: { personId: number; kind: CredentialKind; reference: string; complexId?: number | null },
): Promise<CredentialEntity> {
  requireReach(data.identity, DataClass.CREDENTIALS, 'register door credentials', { write: true });
  const reference = input.reference.trim();
  if (!reference || reference.length > 64) throw badInput('reference must have 1 to 64 characters', { field: 'reference' });
  if (!Number.isInteger(input.personId) || input.personId <= 0) throw badInput('personId must be a person id', { field: 'personId' });
  const complexId = input.complexId ?? null;
  return data.transaction(async (tx) => {
    let community: number | null = null;
    if (complexId !== null) {
      const complex = await tx.query(ComplexEntity, 'c').andWhere('c.id = :id', { id: complexId }).getOne();
      if (!complex) throw notFound('ResidentialComplex', complexId);
      community = complex.communityId;
    }
    tx.requireWritableTarget(DataClass.CREDENTIALS, { complex: complexId, community }, complexId === null ? 'a credential without a complex' : `complex ${complexId}`);
    const active = () => tx.query(CredentialEntity, 'c').andWhere('c.revokedAt IS NULL');
    if (input.kind === CredentialKind.FACE) {
      const other = await active().andWhere('c.personId = :p AND c.kind <> :face', { p: input.personId, face: CredentialKind.FACE }).getCount();
      if (!other)
        throw badInput('face recognition cannot be a resident\'s only credential: register a card, QR code or password first', {
          field: 'kind',
          reason: 'FACE_ONLY',
        });
    }
    if (await active().andWhere('c.kind = :kind AND c.reference = :ref', { kind: input.kind, ref: reference }).getCount())
      throw conflict(`an active ${input.kind} credential with this reference exists`);
    const written = await tx.writer.insert(CredentialEntity, { personId: input.personId, kind: input.kind, reference, complexId, revokedAt: null });
    const id = Number(written.identifiers[0]!.id);
    return (await tx.query(CredentialEntity, 'c').andWhere('c.id = :id', { id }).getOne())!;
  });
}

/**
 * Revokes a credential the caller may change (`writable`: NOT_FOUND when it cannot see it, FORBIDDEN when it sees
 * but may not change it); the last non-face credential cannot go while a face credential is active.
 */
export async function revokeCredential(data: ScopedData, id: number): Promise<CredentialEntity> {
  requireReach(data.identity, DataClass.CREDENTIALS, 'revoke door credentials', { write: true });
  return data.transaction(async (tx) => {
    const cred = await tx.writable(CredentialEntity, id, { lock: true });
    if (cred.revokedAt) return cred;
    if (cred.kind !== CredentialKind.FACE) {
      const active = await tx.query(CredentialEntity, 'c').andWhere('c.personId = :p AND c.revokedAt IS NULL', { p: cred.personId }).getMany();
      const othersNonFace = active.filter((c) => c.id !== cred.id && c.kind !== CredentialKind.FACE).length;
      if (othersNonFace === 0 && active.some((c) => c.kind === CredentialKind.FACE))
        throw badInput('this is the last non-face credential while a face credential is active: revoke the face credential first', {
          field: 'id',
          reason: 'FACE_ONLY',
        });
    }
    const revokedAt = new Date();
    await tx.writer.update(CredentialEntity, { id: cred.id }, { revokedAt });
    return { ...cred, revokedAt };
  });
}
