import { startTestSubgraph, testDatabase, type TestSubgraph } from '@gridhub/kit/testing';
import { complex } from '../index';

const REGISTER = `mutation($i: RegisterCredentialInput!) { registerDoorCredential(input: $i) { id kind reference } }`;
const REVOKE = `mutation($id: ID!) { revokeDoorCredential(id: $id) { id revokedAt } }`;

describe('door credentials: face is never the only one', () => {
  const db = testDatabase('sqlite');
  let fx: TestSubgraph;
  beforeAll(async () => {
    fx = await startTestSubgraph(complex, { database: db.config });
  });
  afterAll(async () => {
    await fx?.stop();
    await db.cleanup(['complex']);
  });

  it('refuses a face credential for a person with no other credential', async () => {
    const r = await fx.query(REGISTER, { i: { personId: '41', kind: 'FACE', reference: 'TPL-0001' } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FACE_ONLY' });
  });

  it('accepts face after a card, masks references, and keeps the card while the face is active', async () => {
    const card = await fx.query<{ registerDoorCredential: { id: string; reference: string } }>(REGISTER, { i: { personId: '42', kind: 'CARD', reference: '0012345678' } });
    expect(card.data?.registerDoorCredential.reference).toBe('******5678');
    const face = await fx.query<{ registerDoorCredential: { id: string } }>(REGISTER, { i: { personId: '42', kind: 'FACE', reference: 'TPL-0002' } });
    expect(face.errors).toBeUndefined();
    const revokeCard = await fx.query(REVOKE, { id: card.data!.registerDoorCredential.id });
    expect(revokeCard.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FACE_ONLY' });
    expect((await fx.query(REVOKE, { id: face.data!.registerDoorCredential.id })).errors).toBeUndefined();
    expect((await fx.query(REVOKE, { id: card.data!.registerDoorCredential.id })).errors).toBeUndefined();
  });

  it('does not count a revoked card as the other credential', async () => {
    const card = await fx.query<{ registerDoorCredential: { id: string } }>(REGISTER, { i: { personId: '43', kind: 'QR', reference: 'QR-43' } });
    await fx.query(REVOKE, { id: card.data!.registerDoorCredential.id });
    const face = await fx.query(REGISTER, { i: { personId: '43', kind: 'FACE', reference: 'TPL-0003' } });
    expect(face.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
