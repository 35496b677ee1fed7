import { badInput, conflict, notFound } from '@gridhub/kit';
import { IsNull, Not, type DataSource } from 'typeorm';
import { CredentialEntity } from './credential.entity';
import { CredentialKind } from './credential.type';

/**
 * Registers a door credential. Face recognition must never be a resident's only credential (DESIGN.md): FACE is
 * refused unless the person already holds an active non-face credential. Check and insert share a transaction.
 */
export async function registerCredential(
  db: DataSource,
  input: { personId: number; kind: CredentialKind; reference: string; complexId?: number | null },
): Promise<CredentialEntity> {
  const reference = input.reference.trim();
  if (!reference || reference.length > 64) throw badInput('reference must have 1 to 64 characters', { field: 'reference' });
  if (!Number.isInteger(input.personId) || input.personId <= 0) throw badInput('personId must be a person id', { field: 'personId' });
  return db.transaction(async (m) => {
    if (input.kind === CredentialKind.FACE) {
      const other = await m.existsBy(CredentialEntity, { personId: input.personId, revokedAt: IsNull(), kind: Not(CredentialKind.FACE) });
      if (!other)
        throw badInput('face recognition cannot be a resident\'s only credential: register a card, QR code or password first', {
          field: 'kind',
          reason: 'FACE_ONLY',
        });
    }
    if (await m.existsBy(CredentialEntity, { kind: input.kind, reference, revokedAt: IsNull() }))
      throw conflict(`an active ${input.kind} credential with this reference exists`);
    return m.save(m.create(CredentialEntity, { personId: input.personId, kind: input.kind, reference, complexId: input.complexId ?? null, revokedAt: null }));
  });
}

/** Revokes a credential; the last non-face credential cannot go while a face credential is active. */
export async function revokeCredential(db: DataSource, id: number): Promise<CredentialEntity> {
  return db.transaction(async (m) => {
    const cred = await m.findOneBy(CredentialEntity, { id });
    if (!cred) throw notFound('DoorCredential', id);
    if (cred.revokedAt) return cred;
    if (cred.kind !== CredentialKind.FACE) {
      const active = await m.findBy(CredentialEntity, { personId: cred.personId, revokedAt: IsNull() });
      const othersNonFace = active.filter((c) => c.id !== cred.id && c.kind !== CredentialKind.FACE).length;
      if (othersNonFace === 0 && active.some((c) => c.kind === CredentialKind.FACE))
        throw badInput('this is the last non-face credential while a face credential is active: revoke the face credential first', {
          field: 'id',
          reason: 'FACE_ONLY',
        });
    }
    cred.revokedAt = new Date();
    return m.save(cred);
  });
}
