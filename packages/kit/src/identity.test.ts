import { Ctx, Query, Resolver } from 'type-graphql';
import { testDatabase } from '@gridhub/test';
import { createIdentityKeys, defineSubgraph, identityHeaders, IDENTITY_HEADER, Role, signIdentityToken, startSubgraph, type GridhubContext, type RunningSubgraph } from './index';

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
