import { Client, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { ClosedEventsDocument, CommandCenterDocument, documentHash, EventTimelineDocument, MyQueueDocument, trustedDocuments } from '@gridhub/client';
import { clientTokenVerifier, Role } from '@gridhub/kit';
import { startGateway, type RunningGateway } from '@gridhub/gateway';
import { startTestHub, type TestHub } from './src/hub';

/** The seeded year (the plan's "today" is 2025-06-30, China Standard Time). */
const YEAR = { from: '2024-07-01T00:00:00+08:00', to: '2025-07-01T00:00:00+08:00' };

interface Sent {
  query?: string;
  hash?: string;
}

/**
 * urql as a front end would set it up: persisted queries by the generated hash, POST, a bearer token. No
 * cacheExchange: it rewrites documents (adding __typename), so they would no longer be the registered ones.
 */
function urqlClient(url: string, token: string, sent: Sent[], enforcePersistedQueries = false): Client {
  return new Client({
    url,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    exchanges: [
      persistedExchange({ generateHash: async (_query, document) => documentHash(document), enforcePersistedQueries, preferGetForPersistedQueries: false }),
      fetchExchange,
    ],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
    fetch: async (input, init) => {
      const body = JSON.parse(String(init?.body)) as { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } };
      sent.push({ query: body.query, hash: body.extensions?.persistedQuery?.sha256Hash });
      return fetch(input, init);
    },
  });
}

describe('the typed client (@gridhub/client) through urql against a running hub', () => {
  let hub: TestHub;
  let seededEvents: number;

  beforeAll(async () => {
    hub = await startTestHub('sqlite');
    const [row] = (await hub.hub.subgraphs.subdistrict!.db.query('SELECT COUNT(*) AS n FROM grid_event')) as { n: number }[];
    seededEvents = Number(row!.n);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('runs the generated documents as persisted queries: a hash first, the registered text once, then the hash alone', async () => {
    const sent: Sent[] = [];
    const client = urqlClient(hub.hub.gateway.url, hub.adminToken, sent);
    const first = await client.query(CommandCenterDocument, YEAR).toPromise();
    expect(first.error).toBeUndefined();
    // Typed: governanceStats.total is a number, byCommunity a list with community names.
    const stats = first.data!.governanceStats;
    expect(stats.total).toBe(seededEvents);
    expect(stats.byCommunity.reduce((sum, c) => sum + c.count, 0)).toBe(seededEvents);
    expect(stats.byCommunity.every((c) => c.community.name.length > 0)).toBe(true);
    const data = first.data!;
    expect(data.supervisionNone.totalCount + data.supervisionYellow.totalCount + data.supervisionRed.totalCount).toBe(seededEvents);
    expect(data.overdueEvents.totalCount).toBeGreaterThan(0);

    const hash = documentHash(CommandCenterDocument);
    // APQ: the hash alone is unknown to a fresh gateway, so the text follows, byte for byte the registered one.
    expect(sent).toEqual([{ hash }, { hash, query: trustedDocuments[hash] }]);
    sent.length = 0;
    const again = await client.query(CommandCenterDocument, YEAR).toPromise();
    expect(again.data?.governanceStats.total).toBe(seededEvents);
    expect(sent).toEqual([{ hash }]);
  });

  it('pages closed events, reads an event\'s timeline with actors and masked phone numbers, and a role\'s queue', async () => {
    const client = urqlClient(hub.hub.gateway.url, hub.adminToken, []);
    const closed = await client.query(ClosedEventsDocument, { ...YEAR, first: 50 }).toPromise();
    expect(closed.error).toBeUndefined();
    expect(closed.data!.events.edges).toHaveLength(50);
    expect(closed.data!.events.pageInfo.hasNextPage).toBe(true);
    const id = closed.data!.events.edges[0]!.node.id;

    const timeline = await client.query(EventTimelineDocument, { id }).toPromise();
    const event = timeline.data!.event!;
    expect(event.status).toBe('CLOSED');
    expect(event.history[0]!.action).toBe('REPORT');
    expect(event.history.at(-1)!.to).toBe('CLOSED');
    expect(event.history.every((h) => h.actor.role && h.actor.subject)).toBe(true);

    // Personal data stays masked: the phone of the grid worker an event was assigned to.
    let worker: { name: string; phone: string } | undefined;
    for (const edge of closed.data!.events.edges) {
      worker = (await client.query(EventTimelineDocument, { id: edge.node.id }).toPromise()).data?.event?.assignedWorker ?? undefined;
      if (worker) break;
    }
    expect(worker?.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);

    const operator = await hub.token({ subject: 'op1', role: Role.CENTER_OPERATOR, name: '值班员' });
    const queue = await urqlClient(hub.hub.gateway.url, operator, []).query(MyQueueDocument, { status: ['REPORTED', 'RESOLVED'] }).toPromise();
    expect(queue.error).toBeUndefined();
    expect(queue.data!.events.totalCount).toBeGreaterThan(0);
    expect(queue.data!.events.edges.every((e) => ['REPORTED', 'RESOLVED'].includes(e.node.status))).toBe(true);
  });

  describe('in trusted-documents mode (production)', () => {
    let trusted: RunningGateway;
    beforeAll(async () => {
      const verify = clientTokenVerifier({ secret: hub.hub.jwtSecret });
      trusted = await startGateway({
        identityKeys: hub.hub.identityKeys,
        authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
        supergraph: { kind: 'registry', registry: hub.hub.registry },
        production: true,
        rateLimit: false,
        trustedDocuments: { manifest: trustedDocuments },
      });
    });
    afterAll(async () => {
      await trusted?.stop(0);
    });

    it('runs the same documents by hash alone, and refuses any other operation', async () => {
      const sent: Sent[] = [];
      const result = await urqlClient(trusted.url, hub.adminToken, sent, true).query(CommandCenterDocument, YEAR).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data!.governanceStats.total).toBe(seededEvents);
      expect(sent).toEqual([{ hash: documentHash(CommandCenterDocument) }]);

      const res = await fetch(trusted.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.adminToken}` },
        body: JSON.stringify({ query: '{ communities { name } }' }),
      });
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('OPERATION_NOT_TRUSTED');
    });
  });
});
