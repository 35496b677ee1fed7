import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityKeys, Role, startSubgraph, type IdentityKeys, type RunningSubgraph } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { testDatabase, type TestDatabase } from '@gridhub/kit/testing';
import { Redis } from 'ioredis';
import { sha256Hex } from './plugins/trusted-documents';
import { MemoryRateLimitStore, RedisRateLimitStore } from './plugins/rate-limit';
import { startGateway, type GatewayOptions, type RunningGateway } from './index';

type GraphqlBody = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
interface Reply {
  status: number;
  headers: Headers;
  body: GraphqlBody;
}

/** The test header `x-test-subject` picks the caller (default `u1`), standing in for client JWT validation. */
const authenticate = (req: { headers: Record<string, unknown> }) => ({ subject: String(req.headers['x-test-subject'] ?? 'u1'), role: Role.SUBDISTRICT_ADMIN });

const json = { 'content-type': 'application/json' };

async function post(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', headers: { ...json, ...headers }, body: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlBody };
}
const query = (url: string, text: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => post(url, { query: text, variables }, headers);
const codes = (r: Reply) => r.body.errors?.map((e) => e.extensions?.code);

/**
 * Stands between the gateway and the subgraph and counts what reaches the subgraph, schema loading included: the
 * refusals below must leave the count where it was.
 */
async function countingProxy(target: string) {
  let requests = 0;
  const server = createServer(async (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
    const upstream = await fetch(target, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const communities = { communities: [{ name: 'East Gate' }, { name: 'Willow Village' }] };

describe('operation limits, trusted documents, production mode and rate limits, in front of the community subgraph', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let identityKeys: IdentityKeys;
  const gateways: RunningGateway[] = [];
  const start = async (options: Partial<GatewayOptions> = {}) => {
    const gw = await startGateway({ subgraphs: [{ name: 'community', url: proxy.url }], identityKeys, authenticate, ...options });
    gateways.push(gw);
    return gw;
  };

  /** Runs `fn` and asserts that neither an HTTP request nor an SQL statement reached the subgraph meanwhile. */
  async function refusedBeforeSubgraphs<T>(fn: () => Promise<T>): Promise<T> {
    const [requests, statements] = [proxy.requests, sg.sql.total];
    const result = await fn();
    expect(proxy.requests).toBe(requests);
    expect(sg.sql.total).toBe(statements);
    return result;
  }

  beforeAll(async () => {
    db = testDatabase('sqlite');
    identityKeys = await createIdentityKeys();
    sg = await startSubgraph(community, { database: db.config, identity: { publicKeys: identityKeys.publicJwks } });
    await sg.db.query(
      `INSERT INTO community (id, code, name, kind, subdistrictId, station, address) VALUES
       (1, 'C01', 'East Gate', 'COMMUNITY', 1, 'East Gate station', '1 East Road'),
       (2, 'V01', 'Willow Village', 'VILLAGE', 1, 'Willow station', 'Willow')`,
    );
    proxy = await countingProxy(sg.url);
  });

  afterAll(async () => {
    for (const gw of gateways) await gw.stop(0);
    await proxy?.close();
    await sg?.stop(0);
    await db?.cleanup(['community']);
  });

  describe('default limits', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await start();
    });

    it('lets an ordinary operation through (and the subgraph sees it)', async () => {
      const before = proxy.requests;
      const { status, body } = await query(gw.url, '{ communities { name } }');
      expect(status).toBe(200);
      expect(body).toEqual({ data: communities });
      expect(proxy.requests).toBe(before + 1);
    });

    it('refuses a 30-deep query', async () => {
      const text = `{ grid(id: "1") { ${'successor { '.repeat(28)}id${' }'.repeat(28)} } }`;
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([{ message: expect.stringContaining('30 deep'), extensions: { code: 'QUERY_TOO_COMPLEX', rule: 'depth', limit: 12, actual: 30 } }]);
    });

    it('refuses a 1,000-alias query', async () => {
      const text = `{ communities { ${Array.from({ length: 1_000 }, (_, i) => `a${i}: name`).join(' ')} } }`;
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'aliases', limit: 30, actual: 1_000 });
    });

    it('refuses too many root fields', async () => {
      const text = `{ ${Array.from({ length: 21 }, (_, i) => `c${i}: communities { name }`).join(' ')} }`;
      const { body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'rootFields', limit: 20, actual: 21 });
    });

    it('refuses a cost bomb of nested connections, each page within the limit', async () => {
      const residents = (inner: string) => `grid { residents(first: 500) { edges { node { ${inner} } } } }`;
      const text = `{ persons(first: 500) { edges { node { ${residents(residents('id'))} } } } }`;
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'cost', limit: 50_000 });
      expect(body.errors![0]!.extensions!.actual).toBeGreaterThan(500 ** 3);
    });

    it('refuses a cost bomb of plain nested lists', async () => {
      const text = `{ communities { grids { buildings { houses { building { houses { building { id } } } } } } } }`;
      const { body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'cost' });
    });

    it('refuses nested lists of 1,000 and any page over the maximum, given literally or as a variable', async () => {
      const bomb = '{ persons(first: 1000) { edges { node { grid { residents(first: 1000) { edges { node { id } } } } } } } }';
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, bomb));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', rule: 'pageSize', field: 'first', max: 500, limit: 500, actual: 1_000 });
      const byVariable = await refusedBeforeSubgraphs(() => query(gw.url, 'query($n: Int) { persons(first: $n) { totalCount } }', { n: 501 }));
      expect(byVariable.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'pageSize', actual: 501 });
    });

    it('costs a variable by its default when it is not sent', async () => {
      const text = 'query($n: Int = 500) { persons(first: $n) { edges { node { grid { residents(first: $n) { totalCount } } } } } }';
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(status).toBe(400);
      // 1 + 500 × (edges 1 + node 1 + grid 1 + residents (1 + 500 × totalCount 1)): the same as with { n: 500 } sent
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'cost', limit: 50_000, actual: 1 + 500 * (3 + 1 + 500) });
      expect((await refusedBeforeSubgraphs(() => query(gw.url, text, { n: 500 }))).body).toEqual(body);
      const tooLarge = await refusedBeforeSubgraphs(() => query(gw.url, 'query($n: Int = 501) { persons(first: $n) { totalCount } }'));
      expect(tooLarge.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'pageSize', actual: 501 });
    });

    it('refuses variables that cannot be coerced before measuring, as BAD_USER_INPUT', async () => {
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, 'query($n: Int) { persons(first: $n) { totalCount } }', { n: '500' }));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', rule: 'variables' });
    });

    it('costs plain lists by their real bound: every grid\'s buildings\' houses is refused', async () => {
      // 250 grids × 30 buildings × 100 houses at most; costed as 10 × 10 × 10 before plain lists had bounds.
      const { body } = await refusedBeforeSubgraphs(() => query(gw.url, '{ grids { buildings { houses { id } } } }'));
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'cost', limit: 50_000, actual: 1 + 250 * (1 + 30 * (1 + 100)) });
    });

    it('shows the cost in extensions.cost when asked, by request extension or header, and only then', async () => {
      const cost = { estimated: 1 + 20 * (1 + (1 + 30 * 1)), limit: 50_000, fetches: 1, maxFetches: 25 };
      expect((await post(gw.url, { query: '{ communities { name grids { id } } }', extensions: { cost: true } })).body).toMatchObject({ extensions: { cost } });
      expect((await query(gw.url, '{ communities { name grids { id } } }', undefined, { 'gridhub-cost': '1' })).body).toMatchObject({ extensions: { cost } });
      expect((await query(gw.url, '{ communities { name grids { id } } }')).body.extensions).toBeUndefined();
    });

    it('refuses a document of more than 10,000 tokens in the parser, before validation', async () => {
      const text = `{ ${'communities { name } '.repeat(2_600)} }`;
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
      expect(status).toBe(400);
      expect(codes({ status, body } as Reply)).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(body.errors![0]!.message).toMatch(/Document contains more tha[nt] 10000 tokens/); // graphql 16 spells it "that"
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const payload = { query: `{ communities { name } } # ${'x'.repeat(1_100_000)}` };
      const { status, body } = await refusedBeforeSubgraphs(() => post(gw.url, payload));
      expect(status).toBe(413);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'bodySize', limit: 1024 * 1024 });
    });

    it('refuses batches: batching is off by default', async () => {
      const op = { query: '{ communities { name } }' };
      const { status, body } = await refusedBeforeSubgraphs(() => post(gw.url, [op, op]));
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } });
    });

    it('prevents CSRF: a GET query without a preflight-forcing header is refused with 400', async () => {
      const url = `${gw.url}?query=${encodeURIComponent('{ communities { name } }')}`;
      const res = await refusedBeforeSubgraphs(() => fetch(url));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('CSRF');
      const allowed = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({ data: communities });
    });

    it('serves Automatic Persisted Queries over POST and GET', async () => {
      const text = '{ communities { name } } # apq';
      const persistedQuery = { version: 1, sha256Hash: sha256Hex(text) };
      const unknown = await refusedBeforeSubgraphs(() => post(gw.url, { extensions: { persistedQuery } }));
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await post(gw.url, { query: text, extensions: { persistedQuery } })).body).toEqual({ data: communities });
      expect((await post(gw.url, { extensions: { persistedQuery } })).body).toEqual({ data: communities });
      const get = await fetch(`${gw.url}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(await get.json()).toEqual({ data: communities });
    });
  });

  describe('configured limits', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await start({ limits: { maxDepth: 2, maxBodyBytes: 2_000, maxBatchLength: 3 } });
    });

    it('applies its own depth limit', async () => {
      expect((await query(gw.url, '{ communities { name } }')).body).toEqual({ data: communities });
      const { body } = await refusedBeforeSubgraphs(() => query(gw.url, '{ communities { grids { name } } }'));
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'depth', limit: 2, actual: 3 });
    });

    it('applies its own body limit', async () => {
      const { status, body } = await refusedBeforeSubgraphs(() => post(gw.url, { query: `{ communities { name } } # ${'x'.repeat(2_000)}` }));
      expect(status).toBe(413);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'bodySize', limit: 2_000 });
    });

    it('runs a batch up to the maximum length, checks each operation, and refuses a longer one', async () => {
      const op = { query: '{ communities { name } }' };
      const batch = await fetch(gw.url, { method: 'POST', headers: json, body: JSON.stringify([op, op, { query: '{ communities { grids { name } } }' }]) });
      // Apollo gives a batch one status, the refused operation's 400; each operation has its own result.
      expect(batch.status).toBe(400);
      const [first, second, third] = (await batch.json()) as GraphqlBody[];
      expect([first, second]).toEqual([{ data: communities }, { data: communities }]);
      expect(third?.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'depth' });

      const { status, body } = await refusedBeforeSubgraphs(() => post(gw.url, [op, op, op, op]));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', rule: 'batchSize', limit: 3, actual: 4 });
    });
  });

  describe('trusted-documents mode', () => {
    const registered = 'query Communities { communities { name } }';
    const hash = sha256Hex(registered);
    const invalid = 'query Registered { nope }';
    const deep = `{ grid(id: "1") { ${'successor { '.repeat(28)}id${' }'.repeat(28)} } }`;
    let gw: RunningGateway;
    beforeAll(async () => {
      const manifest = join(mkdtempSync(join(tmpdir(), 'gridhub-trusted-')), 'manifest.json');
      writeFileSync(manifest, JSON.stringify(Object.fromEntries([registered, invalid, deep].map((text) => [sha256Hex(text), text]))));
      gw = await start({ trustedDocuments: { manifest } });
    });

    it('runs a registered operation sent in full', async () => {
      expect(await query(gw.url, registered)).toMatchObject({ status: 200, body: { data: communities } });
    });

    it('runs a registered operation sent by hash (APQ), over POST and GET', async () => {
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      expect((await post(gw.url, { extensions })).body).toEqual({ data: communities });
      const get = await fetch(`${gw.url}?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(await get.json()).toEqual({ data: communities });
    });

    it('refuses an unregistered operation, even one differing only in white space, without validating it', async () => {
      // `{ nope }` would fail validation and `{ communitie { name } }` would get a "Did you mean" hint: neither is looked at.
      for (const text of ['{ communities { name grids { name } } }', `${registered} `, '{ nope }', '{ communitie { name } }', 'not even GraphQL']) {
        const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, text));
        expect(status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_NOT_TRUSTED', hash: sha256Hex(text) });
      }
    });

    it('still validates a registered operation and applies the limits to it', async () => {
      expect(codes(await refusedBeforeSubgraphs(() => query(gw.url, invalid)))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const tooDeep = await refusedBeforeSubgraphs(() => post(gw.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(deep) } } }));
      expect(tooDeep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'depth' });
    });

    it('lets APQ look registered hashes up but never register new ones', async () => {
      const text = '{ communities { code } }';
      const persistedQuery = { version: 1, sha256Hash: sha256Hex(text) };
      const register = await refusedBeforeSubgraphs(() => post(gw.url, { query: text, extensions: { persistedQuery } }));
      expect(codes(register)).toEqual(['OPERATION_NOT_TRUSTED']);
      const lookup = await refusedBeforeSubgraphs(() => post(gw.url, { extensions: { persistedQuery } }));
      expect(codes(lookup)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });
  });

  describe('production mode', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await start({ production: true });
    });

    it('refuses introspection', async () => {
      const { status, body } = await refusedBeforeSubgraphs(() => query(gw.url, '{ __schema { queryType { name } } }'));
      expect(status).toBe(400);
      expect(codes({ status, body } as Reply)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(body.errors![0]!.message).toMatch(/introspection is not allowed/);
      expect((await query(gw.url, '{ communities { name } }')).body).toEqual({ data: communities });
    });

    it('serves no explorer', async () => {
      const origin = gw.url.replace(/\/graphql$/, '');
      expect((await fetch(`${origin}/explorer`)).status).toBe(404);
      expect((await fetch(`${origin}/`, { headers: { accept: 'text/html' } })).status).not.toBe(200);
    });

    it('answers no "Did you mean" to a caller without introspection rights (development still does)', async () => {
      const dev = await start();
      const typos: [string, Record<string, unknown>?][] = [
        ['{ communitie { name } }'],
        ['mutation { tagPerson(personId: "1", tag: ELDERLY_ALON) { note } }'],
        ['mutation($t: PopulationTag!) { tagPerson(personId: "1", tag: $t) { note } }', { t: 'ELDERLY_ALON' }],
      ];
      for (const [text, variables] of typos) {
        const closed = await refusedBeforeSubgraphs(() => query(gw.url, text, variables));
        const open = await refusedBeforeSubgraphs(() => query(dev.url, text, variables));
        expect(open.body.errors![0]!.message).toMatch(/Did you mean/);
        expect(closed.body.errors![0]!.extensions?.code).toBe(open.body.errors![0]!.extensions?.code);
        expect(closed.body.errors![0]!.message).toBe(open.body.errors![0]!.message.replace(/ ?Did you mean [^?]*\?/, ''));
      }
    });

    it('lets APQ look documents up but never register one, without a manifest too', async () => {
      const text = '{ communities { name } } # production apq';
      const persistedQuery = { version: 1, sha256Hash: sha256Hex(text) };
      // The full document runs (Apollo's APQ link sends it after PERSISTED_QUERY_NOT_FOUND) but is not stored.
      expect((await post(gw.url, { query: text, extensions: { persistedQuery } })).body).toEqual({ data: communities });
      expect(codes(await refusedBeforeSubgraphs(() => post(gw.url, { extensions: { persistedQuery } })))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });
  });

  describe('metrics', () => {
    /** Series of the operation counter on `/metrics`, by operation label. */
    async function operationLabels(gw: RunningGateway): Promise<Set<string>> {
      const text = await (await fetch(gw.url.replace(/\/graphql$/, '/metrics'))).text();
      return new Set([...text.matchAll(/^gridhub_graphql_operations_total\{[^}]*operation="([^"]*)"/gm)].map((m) => m[1]!));
    }

    // 600 names are three times the bound: enough to show it holds, without 3,000 requests on a busy machine.
    it('keep the operation label set bounded: 600 client-chosen names make at most 200 labels and `other`', async () => {
      const gw = await start();
      for (let i = 0; i < 600; i += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => query(gw.url, `query Name${i + j} { __typename }`)));
      }
      const labels = await operationLabels(gw);
      expect(labels.size).toBe(201);
      expect(labels.has('other')).toBe(true);
    });

    it('label only registered operations by name in trusted-documents mode', async () => {
      const registered = 'query Communities { communities { name } }';
      const gw = await start({ trustedDocuments: { manifest: { [sha256Hex(registered)]: registered } } });
      expect((await query(gw.url, registered)).body).toEqual({ data: communities });
      // Unregistered documents are refused unparsed, so their names are never even read: one `anonymous` label.
      for (let i = 0; i < 50; i++) await query(gw.url, `query Probe${i} { communities { name } }`);
      expect(await operationLabels(gw)).toEqual(new Set(['Communities', 'anonymous']));
    });
  });

  describe('cost budget per identity, shared by two gateways through Redis', () => {
    // `{ communities { name } }` costs 1 + 20 × 1 = 21 units: a budget of 100 holds 4 of them, whichever gateway runs them.
    const budget = { limit: 100, windowMs: 3_600_000 };
    const op = '{ communities { name } }';
    let redis: Redis;
    const prefix = `gridhub:test:${process.pid}:${Date.now()}:`;
    beforeAll(async () => {
      redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      await redis.connect();
    });
    afterAll(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    /** Alternates alice's operations between the two gateways; returns the outcome of each. */
    async function alternate(a: RunningGateway, b: RunningGateway, n: number, subject = 'alice') {
      const outcomes: string[] = [];
      for (let i = 0; i < n; i++) {
        const { body } = await query((i % 2 ? b : a).url, op, undefined, { 'x-test-subject': subject });
        outcomes.push(body.errors ? String(body.errors[0]!.extensions?.code) : 'ok');
      }
      return outcomes;
    }

    it('refuses the 5th operation of 21 units against a budget of 100, though each gateway ran only 2 or 3', async () => {
      const store = () => new RedisRateLimitStore(redis, prefix);
      const a = await start({ rateLimit: { costBudget: budget, store: store() } });
      const b = await start({ rateLimit: { costBudget: budget, store: store() } });
      expect(await alternate(a, b, 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
      const refused = await refusedBeforeSubgraphs(() => query(b.url, op, undefined, { 'x-test-subject': 'alice' }));
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'cost', cost: 21, limit: 100, windowMs: 3_600_000 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // another identity has its own budget
      expect(await alternate(a, b, 2, 'bob')).toEqual(['ok', 'ok']);
    });

    it('would let each gateway spend the whole budget with in-memory stores (why replicas need Redis)', async () => {
      const a = await start({ rateLimit: { costBudget: budget, store: new MemoryRateLimitStore() } });
      const b = await start({ rateLimit: { costBudget: budget, store: new MemoryRateLimitStore() } });
      expect((await alternate(a, b, 10)).filter((o) => o === 'ok')).toHaveLength(8);
    });
  });

  describe('rate limit', () => {
    let gw: RunningGateway;
    beforeAll(async () => {
      gw = await start({ rateLimit: { limit: 3, windowMs: 60_000 } });
    });

    it('refuses the 4th operation of an identity within the window with 429, and no other identity', async () => {
      const as = (subject: string) => query(gw.url, '{ communities { name } }', undefined, { 'x-test-subject': subject });
      for (let i = 0; i < 3; i++) expect((await as('alice')).body).toEqual({ data: communities });
      const refused = await refusedBeforeSubgraphs(() => as('alice'));
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, windowMs: 60_000, retryAfter: expect.any(Number) });
      const retryAfter = refused.body.errors![0]!.extensions!.retryAfter as number;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
      expect((await as('bob')).body).toEqual({ data: communities });
    });
  });
});
