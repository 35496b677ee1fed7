import { Ctx, Query, Resolver } from 'type-graphql';
import { testDatabase } from './testing';
import {
  createIdentityKeys, defineSubgraph, identityHeaders, IDENTITY_HEADER, identityTokenSigner, identityVerifier, Role, signIdentityToken, startSubgraph,
  type GridhubContext, type RunningSubgraph,
} from './index';

@Resolver()
class WhoAmIResolver {
  @Query(() => String)
  whoami(@Ctx() ctx: GridhubContext): string {
    return `${ctx.identity.subject}:${ctx.identity.role}`;
  }
}

const probe = defineSubgraph({ name: 'probe', resolvers: [WhoAmIResolver], entities: [], migrations: { sqlite: [], mysql: [] } });
const admin = { subject: 'u1', role: Role.SUBDISTRICT_ADMIN };

describe('identity tokens at a subgraph', () => {
  let sg: RunningSubgraph;
  let keys: Awaited<ReturnType<typeof createIdentityKeys>>;
  const db = testDatabase('sqlite');
  const ask = async (headers: Record<string, string>) => {
    const res = await fetch(sg.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ whoami }' }) });
    return { status: res.status, body: (await res.json()) as { data?: { whoami: string }; errors?: { extensions: { code: string } }[] } };
  };

  beforeAll(async () => {
    keys = await createIdentityKeys();
    sg = await startSubgraph(probe, { database: db.config, identity: { publicKeys: keys.publicJwks } });
  });
  afterAll(async () => {
    await sg.stop();
    await db.cleanup([]);
  });

  it('answers a request signed by the gateway key for this subgraph', async () => {
    const { body } = await ask(await identityHeaders(keys, admin, 'probe'));
    expect(body.data?.whoami).toBe('u1:SUBDISTRICT_ADMIN');
  });

  const refusals: [string, () => Promise<Record<string, string>>][] = [
    ['no identity header', async () => ({})],
    ['a token signed by another key (forged)', async () => identityHeaders(await createIdentityKeys(), admin, 'probe')],
    ['an expired token', async () => ({ [IDENTITY_HEADER]: await signIdentityToken(keys, admin, 'probe', { ttlSeconds: -30 }) })],
    ['a token for another subgraph', async () => identityHeaders(keys, admin, 'community')],
    ['garbage', async () => ({ [IDENTITY_HEADER]: 'not-a-jwt' })],
  ];
  it.each(refusals)('refuses %s with UNAUTHENTICATED before any resolver runs', async (_label, headers) => {
    const { status, body } = await ask(await headers());
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('identity tokens signed once per caller and subgraph, verified once per token', () => {
  let keys: Awaited<ReturnType<typeof createIdentityKeys>>;
  beforeAll(async () => {
    keys = await createIdentityKeys();
  });
  const code = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { extensions?: { code?: string } }) => e.extensions?.code);

  it('hands out one token per (identity, audience), a new one for another audience or identity, and carries no request id', async () => {
    const tokenFor = identityTokenSigner(keys);
    const [a, b] = await Promise.all([tokenFor(admin, 'probe'), tokenFor({ ...admin }, 'probe')]);
    expect(b).toBe(a);
    expect(await tokenFor(admin, 'community')).not.toBe(a);
    expect(await tokenFor({ ...admin, subject: 'u2' }, 'probe')).not.toBe(a);
    const payload = JSON.parse(Buffer.from(a.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).not.toHaveProperty('rid');
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
  });

  it('refuses a reuse period that would hand out tokens about to expire', () => {
    expect(() => identityTokenSigner(keys, { ttlSeconds: 30, reuseSeconds: 30 })).toThrow(/reuseSeconds/);
  });

  it('after a token is remembered: still refuses it past its expiry, for another audience, or with a forged signature', async () => {
    let now = Date.now();
    const verify = identityVerifier({ publicKeys: keys.publicJwks }, 'probe', { now: () => now });
    const other = identityVerifier({ publicKeys: keys.publicJwks }, 'community', { now: () => now });
    const token = await signIdentityToken(keys, admin, 'probe', { ttlSeconds: 60 });
    expect(await verify(token)).toMatchObject(admin);
    expect(await verify(token)).toBe(await verify(token)); // remembered: the same verified identity
    expect(await code(other(token))).toBe('UNAUTHENTICATED');
    const [head, body, signature] = token.split('.');
    const flipped = `${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    expect(await code(verify(`${head}.${body}.${flipped}`))).toBe('UNAUTHENTICATED');
    const forged = (await identityHeaders(await createIdentityKeys(), admin, 'probe'))[IDENTITY_HEADER]!;
    expect(await code(verify(forged))).toBe('UNAUTHENTICATED');
    now += 61_000;
    expect(await code(verify(token))).toBe('UNAUTHENTICATED');
  });

  it('gives every request the same frozen identity, so none can change it for the next', async () => {
    const verify = identityVerifier({ publicKeys: keys.publicJwks }, 'probe');
    const identity = await verify(await signIdentityToken(keys, { subject: 'g', role: Role.GRID_WORKER, gridIds: [1] }, 'probe'));
    expect(Object.isFrozen(identity)).toBe(true);
    expect(Object.isFrozen(identity.gridIds)).toBe(true);
  });
});
