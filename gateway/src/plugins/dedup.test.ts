import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, Role, ServiceMetrics, type Identity } from '@gridhub/kit';
import { SubgraphPools } from '../datasources/pools';
import { SubgraphDataSource } from '../datasources/subgraph-data-source';
import { useDedup } from './dedup';
import type { GatewayContext } from './plugin';

const log = createLogger('test');
const alice: Identity = { subject: 'alice', role: Role.COMMUNITY_STAFF, communityIds: [1] };
const bob: Identity = { subject: 'bob', role: Role.COMMUNITY_STAFF, communityIds: [2] };

/**
 * A subgraph that holds every request until `release()`, so fetches are provably in flight together; it answers
 * each with the number of requests it has seen.
 */
async function heldSubgraph() {
  const seen: IncomingHttpHeaders[] = [];
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const n = seen.length;
    req.resume().on('end', () =>
      held.push(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { n } }));
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    seen,
    held,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}

describe('in-flight deduplication of subgraph fetches', () => {
  let sg: Awaited<ReturnType<typeof heldSubgraph>>;
  let pools: SubgraphPools;
  let metrics: ServiceMetrics;
  let source: SubgraphDataSource;

  beforeEach(async () => {
    sg = await heldSubgraph();
    pools = new SubgraphPools({ timeoutMs: 5_000 });
    metrics = new ServiceMetrics('gateway', { processMetrics: false });
    const dedup = useDedup({ metrics });
    source = new SubgraphDataSource({ name: 'probe', url: sg.url, pools, log, onRequest: async () => undefined, wrapFetch: (f, send) => dedup.wrapSubgraphFetch!(f, send) });
  });
  afterEach(async () => {
    sg.close();
    await pools.close();
  });

  const fetchAs = (identity: Identity | undefined, query = 'query { a }', variables?: Record<string, unknown>) => {
    const context: GatewayContext = { requestId: 'r', log, identity };
    return source.process({ kind: 'incoming operation', request: { query, variables }, incomingRequestContext: {}, context } as never);
  };
  /** Starts the fetches, waits until the subgraph holds `expected` requests, then lets them all answer. */
  const together = async <T>(fetches: Promise<T>[], expected: number): Promise<T[]> => {
    while (sg.held.length < expected) await new Promise((r) => setTimeout(r, 5));
    // Any request beyond `expected` would arrive now: give it the chance before answering.
    await new Promise((r) => setTimeout(r, 50));
    for (const answer of sg.held.splice(0)) answer();
    return Promise.all(fetches);
  };
  const deduplicated = async () => (await metrics.subgraphFetchesDeduplicated.get()).values.reduce((n, v) => n + v.value, 0);

  it('sends identical fetches of one caller once; each gets its own copy of the answer', async () => {
    const answers = await together([fetchAs(alice), fetchAs(alice), fetchAs(alice)], 1);
    expect(sg.seen).toHaveLength(1);
    expect(answers.map((a) => a.data)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(answers[0]).not.toBe(answers[1]);
    expect(answers[0]!.data).not.toBe(answers[1]!.data);
    expect(await deduplicated()).toBe(2);
  });

  it('never shares across callers', async () => {
    await together([fetchAs(alice), fetchAs(bob)], 2);
    expect(sg.seen).toHaveLength(2);
    expect(await deduplicated()).toBe(0);
  });

  it('sends fetches that differ in body separately', async () => {
    await together([fetchAs(alice, 'query { a }', { id: 1 }), fetchAs(alice, 'query { a }', { id: 2 })], 2);
    expect(sg.seen).toHaveLength(2);
  });

  it('never shares mutations or fetches without a caller', async () => {
    await together([fetchAs(alice, 'mutation { m }'), fetchAs(alice, 'mutation { m }'), fetchAs(undefined), fetchAs(undefined)], 4);
    expect(sg.seen).toHaveLength(4);
    expect(await deduplicated()).toBe(0);
  });

  it('sends again once the answer is in (nothing is cached)', async () => {
    await together([fetchAs(alice)], 1);
    await together([fetchAs(alice)], 1);
    expect(sg.seen).toHaveLength(2);
  });
});
