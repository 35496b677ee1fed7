import { startTestHub, type TestHub } from './src/hub';

/** Abuse resistance of the running hub (issue 12): what one client can make the hub do on its behalf. */
describe('abuse resistance of the running hub', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('sqlite', { seed: { scale: 1, seed: 1, accessRecordsPerDevice: 2 } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const post = async (body: unknown) => {
    const res = await fetch(t.hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> } };
  };

  describe('subgraph fetches per operation', () => {
    // Each alias is its own path through the plan: person (community, one fetch for all aliases), then per alias its
    // last access (complex) and that record's person's name (community again).
    const hops = (aliases: number) => `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: person(id: "1") { lastAccess { person { name } } }`).join(' ')} }`;

    it('counts the fetches a plan makes and shows them in extensions.cost', async () => {
      const { body } = await post({ query: hops(2), extensions: { cost: true } });
      expect(body.errors).toBeUndefined();
      expect(body.extensions?.cost).toMatchObject({ fetches: 1 + 2 * 2, maxFetches: 25 });
    });

    it('refuses an operation planning more than 25 fetches before its first fetch', async () => {
      const sql = await t.countSql(async () => {
        const { status, body } = await post({ query: hops(15) });
        expect(status).toBe(400);
        expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'fetches', limit: 25, actual: 1 + 15 * 2 });
      });
      expect(Object.values(sql).reduce((a, b) => a + b, 0)).toBe(0);
    });
  });
});
