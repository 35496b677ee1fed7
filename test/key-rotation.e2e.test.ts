import { identityVerifier, signIdentityToken, Role, type Identity, type IdentityKeys } from '@gridhub/kit';
import { startTestHub, type TestHub } from './src/hub';
import { sleep, steadyLoad } from './src/steady-load';

/**
 * Issue 12, item 3: the gateway's signing key is replaced while queries run through it, with no refused request.
 * The next key is published before tokens carry it, both keys are in the JWKS during the overlap, and the previous
 * key goes afterwards. In-process subgraphs read the ring; a subgraph in another process reads the JWKS URL.
 */

const QUERIES = ['{ communities { id name } }', '{ grids { id } }', '{ events(first: 1) { totalCount } }', '{ complexes { id } }'];
const PROBE: Identity = { subject: 'probe', role: Role.AUDITOR };

describe('gateway signing-key rotation under load', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('sqlite', { seed: false });
  }, 120_000);
  afterAll(async () => t?.stop());

  it('rotates with 0 failed requests; two keys in the JWKS during the overlap; the old key refused afterwards', async () => {
    const ring = t.hub.identityKeys;
    const jwksUrl = new URL('/.well-known/jwks.json', t.hub.gateway.url).toString();
    const publishedKids = async () => ((await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    // A subgraph elsewhere: verifies through the gateway's JWKS URL (fetched on first use, then on an unknown key).
    const remote = identityVerifier({ jwksUrl }, 'community');
    const before: IdentityKeys = { kid: ring.kid, privateKey: ring.privateKey, publicJwks: ring.publicJwks };
    const oldToken = await signIdentityToken(before, PROBE, 'community');
    await remote(oldToken);

    const load = steadyLoad(t, { concurrency: 4, maxMs: 60_000, queries: QUERIES });
    // Remote verification of fresh tokens throughout, signed with whatever the ring signs with at that moment.
    const remoteFailures: string[] = [];
    const kidsSeen = new Set<string>();
    let widest = 0;
    const state = { rotating: true };
    const watch = (async () => {
      while (state.rotating) {
        const kids = await publishedKids();
        widest = Math.max(widest, kids.length);
        try {
          const token = await signIdentityToken(ring, PROBE, 'community');
          kidsSeen.add(ring.kid);
          await remote(token);
        } catch (err) {
          remoteFailures.push(String(err));
        }
        await sleep(20);
      }
    })();
    await sleep(500);
    await ring.rotate({ stageMs: 400, overlapMs: 1_500 });
    await sleep(500);
    state.rotating = false;
    await watch;
    const stats = await load.stop();

    expect(ring.kid).not.toBe(before.kid);
    expect([...kidsSeen]).toEqual([before.kid, ring.kid]);
    expect(widest).toBe(2);
    expect(await publishedKids()).toEqual([ring.kid]);
    expect(stats.requests).toBeGreaterThan(20);
    expect(stats.failures).toEqual([]);
    expect(remoteFailures).toEqual([]);

    // The previous key is gone: a token it signs now is refused in-process at once, and by a subgraph elsewhere when
    // it next reads the JWKS (at most a minute later; here a fresh one). A token verified before stays valid until it
    // expires, as any issued token does.
    const late = await signIdentityToken(before, { ...PROBE, subject: 'probe-late' }, 'community');
    const community = t.hub.subgraphs.community!;
    const answer = await fetch(community.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gridhub-identity': late },
      body: JSON.stringify({ query: '{ communities { id } }' }),
    });
    expect(((await answer.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await expect(identityVerifier({ jwksUrl }, 'community')(late)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  }, 120_000);
});
