import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientTokenVerifier, createIdentityKeys, issueClientToken, type IdentityKeys } from '@gridhub/kit';
import { startGateway, type RunningGateway } from '@gridhub/gateway';
import { startApolloGateway, type RunningApolloGateway } from './src/bench/apollo-gateway';
import { startHiveGateway, type RunningHiveGateway } from './src/bench/hive-gateway';
import { measureLoad } from './src/bench/load';
import { composeNested, NESTED_QUERY, NESTED_SUBGRAPHS, serveNestedSubgraph, type RunningNestedSubgraph } from './src/bench/nested/subgraphs';
import { BENCH_IDENTITY, send, type BenchRequest } from './src/bench/operations';

/** What `pnpm bench` relies on, asserted without timing anything: its load modes and its nested workload. */
describe('bench load generator', () => {
  /** A server that counts, for each body, how many requests with it were in flight at once (answering after 20 ms). */
  async function recorder() {
    const inFlight = new Map<string, number>();
    let mostAtOnce = 0;
    let total = 0;
    const bodies = new Set<string>();
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.add(body);
        total++;
        const n = (inFlight.get(body) ?? 0) + 1;
        inFlight.set(body, n);
        mostAtOnce = Math.max(mostAtOnce, n);
        setTimeout(() => {
          inFlight.set(body, inFlight.get(body)! - 1);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"data":{}}');
        }, 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    return { url, bodies, total: () => total, mostAtOnce: () => mostAtOnce, close: () => new Promise((r) => server.close(r)) };
  }
  const requests = (url: string): BenchRequest[] => Array.from({ length: 50 }, (_, i) => ({ url, headers: { 'content-type': 'application/json' }, body: `{"i":${i}}` }));

  it('distinct: connections never send the same request at the same time, and go through the rotation in turn', async () => {
    const r = await recorder();
    try {
      const result = await measureLoad(requests(r.url), { connections: 10, durationSeconds: 1, mode: 'distinct' });
      expect(result.errors).toBe(0);
      expect(r.total()).toBeGreaterThan(1);
      expect(r.mostAtOnce()).toBe(1);
      // Handed out in turn: as many different requests as were sent, up to the rotation's length.
      expect(r.bodies.size).toBe(Math.min(50, r.total()));
    } finally {
      await r.close();
    }
  });

  it('identical: every connection sends the same request', async () => {
    const r = await recorder();
    try {
      await measureLoad(requests(r.url), { connections: 10, durationSeconds: 1, mode: 'identical' });
      expect(r.bodies.size).toBe(1);
      // The connections open together and each sends at once: the same request is in flight on several of them.
      expect(r.mostAtOnce()).toBeGreaterThan(1);
    } finally {
      await r.close();
    }
  });
});

describe('nested workload (graphql-gateways-benchmark shape)', () => {
  const subgraphs: RunningNestedSubgraph[] = [];
  let ours: RunningGateway;
  let apollo: RunningApolloGateway;
  let hive: RunningHiveGateway;
  let keys: IdentityKeys;
  let token: string;
  const secret = 'nested-workload-test-secret-long-enough';

  beforeAll(async () => {
    const urls: Record<string, string> = {};
    for (const { name } of NESTED_SUBGRAPHS) {
      const sg = await serveNestedSubgraph(name);
      subgraphs.push(sg);
      urls[name] = sg.url;
    }
    const sdl = composeNested(urls);
    keys = await createIdentityKeys();
    token = await issueClientToken(secret, BENCH_IDENTITY);
    const verify = clientTokenVerifier({ secret });
    ours = await startGateway({
      identityKeys: keys,
      authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
      supergraph: { kind: 'sdl', sdl },
      limits: { maxCost: 10_000_000 },
    });
    apollo = await startApolloGateway(sdl);
    hive = await startHiveGateway(sdl, undefined, { jit: true });
  });
  afterAll(async () => {
    await ours?.stop();
    await apollo?.stop();
    await hive?.stop();
    for (const sg of subgraphs) await sg.stop();
  });

  const ask = (url: string, auth = false) =>
    send({ url, headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query: NESTED_QUERY }) });
  const served = () => subgraphs.reduce((n, s) => n + s.served, 0);

  it('answers the same ~85 KB through our gateway, plain @apollo/gateway and Hive Gateway --jit', async () => {
    const [a, b, c] = [await ask(ours.url, true), await ask(apollo.url), await ask(hive.url)];
    for (const x of [a, b, c]) expect(x.errors).toBeUndefined();
    expect(b.data).toEqual(a.data);
    expect(c.data).toEqual(a.data);
    const size = Buffer.byteLength(JSON.stringify(a.data));
    expect(size).toBeGreaterThan(75_000);
    expect(size).toBeLessThan(100_000);
  });

  it('walks all four subgraphs, and our deduplication collapses identical concurrent operations of one caller', async () => {
    const before = served();
    await ask(ours.url, true);
    const one = served() - before;
    expect(one).toBeGreaterThanOrEqual(4);
    const start = served();
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask(ours.url, true)));
    for (const x of answers) expect(x.errors).toBeUndefined();
    // Ten identical operations at once: the fetches of each plan step are shared, so far fewer than ten plans' worth.
    expect(served() - start).toBeLessThan(10 * one);
  });
});
