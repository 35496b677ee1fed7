import { createHmac } from 'node:crypto';
import { CLIENT_TOKEN_AUDIENCE, CLIENT_TOKEN_ISSUER, reportEventOverHttp, Role, serviceKeyFile, serviceTokenMinter, type Identity } from '@gridhub/kit';
import { subgraphNamed } from '@gridhub/cli';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type GraphqlResponse, type TestHub } from './src/hub';

/**
 * Issue 12, item 3: each subgraph's service identity is a SERVICE with only the calls its subgraph makes (its
 * definition's `calls.grants`), never an administrator — through the real gateway, on the seeded hub.
 */
const PERSONS = '{ persons(first: 5) { totalCount edges { node { id name } } } }';
const GRIDS = '{ grids(includeRetired: true) { id validTo community { id } } }';
const EVENTS = '{ events(first: 5) { totalCount edges { node { id } } } }';
const REPORT = 'mutation($input: ReportEventInput!) { reportEvent(input: $input) { id } }';
const TRANSITION = 'mutation($id: ID!, $v: Int!) { transitionEvent(id: $id, action: ACCEPT, expectedVersion: $v) { id } }';

const code = (r: GraphqlResponse<unknown>) => r.errors?.[0]?.extensions?.code;

describe.each(testDialects())('service identities are least privilege (%s)', (dialect) => {
  let t: TestHub;
  let gridId: string;
  const service = (name: string): Identity => subgraphNamed(name).calls!.identity;
  const as = async <T>(who: Identity, query: string, variables?: Record<string, unknown>) => t.query<T>(query, variables, await t.token(who));
  const report = (source: string, externalRef: string) => ({
    title: '服务调用', description: 'x', category: 'PUBLIC_SECURITY_HAZARD', source, gridId, location: 'x', reporter: 'x', externalRef,
  });

  beforeAll(async () => {
    t = await startTestHub(dialect, { seed: { scale: 1, seed: 1, accessRecordsPerDevice: 2 } });
    const grids = await t.query<{ grids: { id: string }[] }>('{ grids { id } }');
    gridId = grids.data!.grids[0]!.id;
  });
  afterAll(() => t?.stop());

  it('gives every calling subgraph a SERVICE identity, never an administrator', () => {
    for (const name of ['subdistrict', 'complex', 'powergrid']) expect([name, service(name).role]).toEqual([name, Role.SERVICE]);
  });

  /** Persons a caller is shown: none when refused (FORBIDDEN) or answered with an empty, honest page. */
  const personsSeen = async (who: Identity) => {
    const r = await as<{ persons: { totalCount: number; edges: unknown[] } | null }>(who, PERSONS);
    if (r.errors) return { code: code(r), count: 0 };
    return { code: undefined, count: Math.max(r.data!.persons!.totalCount, r.data!.persons!.edges.length) };
  };

  it('lets no service identity read persons, whatever its subgraph calls', async () => {
    expect((await personsSeen({ subject: 'admin', role: Role.SUBDISTRICT_ADMIN })).count).toBeGreaterThan(4000);
    for (const name of ['subdistrict', 'complex', 'powergrid']) {
      const seen = await personsSeen(service(name));
      expect([name, seen.count, seen.code ?? 'no error']).toEqual([name, 0, expect.stringMatching(/^(FORBIDDEN|no error)$/)]);
    }
  });

  it('lets the subdistrict read grid boundaries (its grid directory) and report or read no event', async () => {
    const grids = await as<{ grids: { id: string }[] }>(service('subdistrict'), GRIDS);
    expect(grids.errors).toBeUndefined();
    expect(grids.data!.grids.length).toBeGreaterThanOrEqual(93);
    expect(code(await as(service('subdistrict'), REPORT, { input: report('DEVICE', 'subdistrict:probe:1') }))).toBe('FORBIDDEN');
    const events = await as<{ events: { totalCount: number } }>(service('subdistrict'), EVENTS);
    expect(events.data?.events.totalCount ?? 0).toBe(0);
  });

  it('lets the complex report DEVICE events (its face alarms and care alerts) and nothing else', async () => {
    const ok = await as<{ reportEvent: { id: string } }>(service('complex'), REPORT, { input: report('DEVICE', 'complex:probe:1') });
    expect(ok.errors).toBeUndefined();
    for (const source of ['PATROL', 'PARTNER']) expect([source, code(await as(service('complex'), REPORT, { input: report(source, `complex:probe:${source}`) }))]).toEqual([source, 'FORBIDDEN']);
    // It sees the events it reported, not the subdistrict's others, and moves none along the chain.
    const events = await as<{ events: { totalCount: number; edges: { node: { id: string } }[] } }>(service('complex'), EVENTS);
    expect(events.data!.events.edges.map((e) => e.node.id)).toEqual([ok.data!.reportEvent.id]);
    const [{ id, version }] = (await t.hub.subgraphs.subdistrict!.db.query("SELECT id, version FROM grid_event WHERE status = 'REPORTED' ORDER BY id LIMIT 1")) as { id: number; version: number }[];
    expect(code(await as(service('complex'), TRANSITION, { id: String(id), v: version }))).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
    expect(code(await as(service('complex'), TRANSITION, { id: ok.data!.reportEvent.id, v: 1 }))).toBe('FORBIDDEN');
  });

  it('lets the power-grid plug-in report PARTNER events only', async () => {
    expect((await as(service('powergrid'), REPORT, { input: { ...report('PARTNER', 'powergrid:probe:1'), category: 'INFRA_TREE_HAZARD' } })).errors).toBeUndefined();
    expect(code(await as(service('powergrid'), REPORT, { input: report('DEVICE', 'powergrid:probe:2') }))).toBe('FORBIDDEN');
  });

  it('gives a SERVICE identity no subgraph declared nothing at all', async () => {
    const stranger = { subject: 'service:stranger', role: Role.SERVICE };
    expect((await personsSeen(stranger)).count).toBe(0);
    expect(code(await as(stranger, REPORT, { input: report('DEVICE', 'stranger:1') }))).toBe('FORBIDDEN');
    expect((await as<{ grids: unknown[] }>(stranger, GRIDS)).data?.grids ?? []).toEqual([]);
  });

  it('refuses an expired service token at the gateway', async () => {
    const identity = service('complex');
    const now = Math.floor(Date.now() / 1000);
    // Signed with the hub's client-token secret like a service token, but five minutes past its `exp`.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...identity, sub: identity.subject, iss: CLIENT_TOKEN_ISSUER, aud: CLIENT_TOKEN_AUDIENCE, iat: now - 600, exp: now - 300 })}`;
    const expired = `${body}.${createHmac('sha256', t.hub.jwtSecret).update(body).digest('base64url')}`;
    // The same token, not yet expired, is accepted: only the expiry refuses it.
    const fresh = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...identity, sub: identity.subject, iss: CLIENT_TOKEN_ISSUER, aud: CLIENT_TOKEN_AUDIENCE, iat: now, exp: now + 300 })}`;
    const freshToken = `${fresh}.${createHmac('sha256', t.hub.jwtSecret).update(fresh).digest('base64url')}`;
    expect((await t.query(REPORT, { input: report('DEVICE', 'complex:probe:fresh') }, freshToken)).errors).toBeUndefined();
    const r = await t.query(REPORT, { input: report('DEVICE', 'complex:probe:expired') }, expired);
    expect(code(r)).toBe('UNAUTHENTICATED');
  });

  it('keeps the hub working across re-mints: the service mints its own short-lived tokens from its key and renews them', async () => {
    // What `gridhub serve complex` does with the key `gridhub keys` wrote: 3-second tokens, renewed a second in.
    const mint = serviceTokenMinter(serviceKeyFile(t.hub.jwtSecret, service('complex')), { ttlSeconds: 3, renewBeforeSeconds: 2 });
    const used = new Set<string>();
    const send = reportEventOverHttp({
      url: t.hub.gateway.url,
      headers: async () => {
        const token = await mint();
        used.add(token);
        return { authorization: `Bearer ${token}` };
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await send({ ...report('DEVICE', `complex:remint:${i}`), priority: 'NORMAL', source: 'DEVICE', category: 'PUBLIC_SECURITY_HAZARD' })).id);
      await new Promise((r) => setTimeout(r, 1_100));
    }
    expect(new Set(ids).size).toBe(4);
    expect(used.size).toBeGreaterThanOrEqual(3);
  });
});
