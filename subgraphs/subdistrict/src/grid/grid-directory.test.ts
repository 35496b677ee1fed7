import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityKeys, IDENTITY_HEADER, identityVerifier, type Identity } from '@gridhub/kit';
import { GridDirectory } from './grid-directory';

/** A stand-in for the community subgraph's `grids` query that, like every subgraph, insists on a signed identity. */
async function fakeCommunity(verify: (token: string | undefined) => Promise<Identity>) {
  const seen: Identity[] = [];
  let grids = [{ id: '1', validTo: null, community: { id: '4' } }];
  const server: Server = createServer(async (req, res) => {
    try {
      seen.push(await verify(req.headers[IDENTITY_HEADER] as string | undefined));
      res.end(JSON.stringify({ data: { grids } }));
    } catch {
      res.statusCode = 401;
      res.end(JSON.stringify({ errors: [{ message: 'identity token refused', extensions: { code: 'UNAUTHENTICATED' } }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    seen,
    setGrids: (g: typeof grids) => (grids = g),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('GridDirectory', () => {
  it('fetches the grid list from the community subgraph with a signed service identity, and caches it', async () => {
    const keys = await createIdentityKeys();
    const community = await fakeCommunity(identityVerifier({ publicKeys: keys.publicJwks }, 'community'));
    try {
      const directory = new GridDirectory({ url: community.url, keys, minRefreshMs: 0 });
      expect(await directory.lookup(1)).toEqual({ id: 1, communityId: 4, validTo: null, workerIds: [] });
      expect(await directory.lookup(1)).not.toBeNull();
      expect(directory.fetches).toBe(1);
      expect(community.seen[0]).toMatchObject({ subject: 'service:subdistrict', role: 'SERVICE' });
      // A grid created since: the unknown id refreshes the list once.
      community.setGrids([{ id: '1', validTo: null, community: { id: '4' } }, { id: '2', validTo: null, community: { id: '4' } }]);
      expect(await directory.lookup(2)).toMatchObject({ id: 2 });
      expect(directory.fetches).toBe(2);
    } finally {
      await community.close();
    }
  });

  it('refreshes on an unknown id at most once per minRefreshMs', async () => {
    let fetches = 0;
    const directory = new GridDirectory({ fetchGrids: async () => (fetches++, [{ id: 1, communityId: 1, validTo: null }]) });
    expect(await directory.lookup(1)).not.toBeNull();
    for (let i = 0; i < 20; i++) expect(await directory.lookup(1000 + i)).toBeNull();
    expect(fetches).toBe(1);
  });

  it('reports an unreachable or refusing community subgraph as SUBGRAPH_UNAVAILABLE', async () => {
    const keys = await createIdentityKeys();
    const community = await fakeCommunity(identityVerifier({ publicKeys: keys.publicJwks }, 'community'));
    try {
      const forged = new GridDirectory({ url: community.url, keys: await createIdentityKeys() });
      await expect(forged.lookup(1)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    } finally {
      await community.close();
    }
    const gone = new GridDirectory({ url: community.url, keys });
    await expect(gone.lookup(1)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
  });

  it('keeps serving a cached list when a refresh fails', async () => {
    let fail = false;
    const directory = new GridDirectory({
      ttlMs: 0,
      fetchGrids: async () => {
        if (fail) throw new Error('down');
        return [{ id: 1, communityId: 1, validTo: null }];
      },
    });
    expect(await directory.lookup(1)).not.toBeNull();
    fail = true;
    expect(await directory.lookup(1)).not.toBeNull();
  });
});
