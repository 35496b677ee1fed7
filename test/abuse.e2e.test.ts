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

  type Body = { data?: Record<string, never>; errors?: { extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(t.hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
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

  describe('request ids', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it('are the gateway\'s own: a client\'s x-request-id is kept only as a separate, limited correlation id', async () => {
      const first = await post({ query: '{ communities { id } }' }, { 'x-request-id': 'client-chosen-1' });
      const second = await post({ query: '{ communities { id } }' }, { 'x-request-id': 'client-chosen-1' });
      for (const r of [first, second]) {
        expect(r.headers.get('x-request-id')).toMatch(UUID);
        expect(r.headers.get('x-correlation-id')).toBe('client-chosen-1');
      }
      expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
      // too long, or outside the charset: no correlation id at all (never a truncated or cleaned copy)
      for (const id of ['x'.repeat(65), 'two words', 'semi;colon', 'é']) {
        const r = await post({ query: '{ communities { id } }' }, { 'x-request-id': id });
        expect(r.headers.get('x-request-id')).toMatch(UUID);
        expect(r.headers.get('x-correlation-id')).toBeNull();
      }
    });

    it('an audit row carries the gateway\'s request id, not the client\'s, so a client cannot repeat an earlier row\'s id', async () => {
      const reveal = 'mutation { revealPersonIdentity(personId: "1", purpose: "核实身份办理低保") { idNumber } }';
      const audit = '{ auditLog(first: 2) { edges { node { action requestId } } } }';
      const a = await post({ query: reveal }, { 'x-request-id': 'replayed-id' });
      const b = await post({ query: reveal }, { 'x-request-id': 'replayed-id' });
      expect([a.body.errors, b.body.errors]).toEqual([undefined, undefined]);
      const { body } = await post({ query: audit });
      const rows = (body.data as unknown as { auditLog: { edges: { node: { requestId: string } }[] } }).auditLog.edges.map((e) => e.node.requestId);
      expect(rows).toEqual([b.headers.get('x-request-id'), a.headers.get('x-request-id')]);
      expect(rows).not.toContain('replayed-id');
    });
  });
});
