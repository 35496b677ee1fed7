import { createIdentityKeys, Role, startSubgraph, type IdentityKeys, type RunningSubgraph } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { testDatabase, type TestDatabase } from '@gridhub/kit/testing';
import { startGateway, type RunningGateway } from './index';

const origin = (gw: RunningGateway) => gw.url.replace(/\/graphql$/, '');

const admin = { subject: 'u1', role: Role.SUBDISTRICT_ADMIN };
/** Stands in for client JWT validation: the test header `x-test-anonymous` makes a request anonymous. */
const authenticate = (req: { headers: Record<string, unknown> }) => (req.headers['x-test-anonymous'] ? undefined : admin);

async function query(url: string, text: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: text }) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/**
 * URLs the page would make a browser fetch from another host: src/href/action attributes, dynamic `import(…)`,
 * CSS `url(…)` and `@import`. data:, blob:, fragment and same-origin relative URLs are fine.
 */
function externalUrls(html: string): string[] {
  const patterns = [
    /\b(?:src|href|action|poster)\s*=\s*(["'`]?)([^"'`\s>]+)\1/gi,
    /\bimport\s*\(\s*(["'`])([^"'`]+)\1/g,
    /\burl\(\s*(["']?)([^)"']+)\1\s*\)/gi,
    /@import\s+(["'])([^"']+)\1/gi,
  ];
  const urls = patterns.flatMap((re) => [...html.matchAll(re)].map((m) => m[2]!.trim()));
  return urls.filter((u) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(u) && !/^(?:data|blob):/i.test(u));
}

describe('gateway over the community subgraph', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  let gw: RunningGateway;
  let identityKeys: IdentityKeys;

  beforeAll(async () => {
    db = testDatabase('sqlite');
    identityKeys = await createIdentityKeys();
    sg = await startSubgraph(community, { database: db.config, identity: { publicKeys: identityKeys.publicJwks } });
    await sg.db.query(
      `INSERT INTO community (id, code, name, kind, subdistrictId, station, address) VALUES
       (1, 'C01', 'East Gate', 'COMMUNITY', 1, 'East Gate station', '1 East Road'),
       (2, 'V01', 'Willow Village', 'VILLAGE', 1, 'Willow station', 'Willow')`,
    );
    await sg.db.query(
      `INSERT INTO grid (id, code, name, communityId, kind, partyBranchId, validFrom, validTo, successorId) VALUES
       (1, 'G01', 'East Gate 1', 1, 'URBAN', NULL, '2024-01-01', NULL, NULL),
       (2, 'G02', 'East Gate 2', 1, 'URBAN', NULL, '2024-01-01', NULL, NULL),
       (3, 'G03', 'Willow group 1', 2, 'RURAL', NULL, '2024-01-01', NULL, NULL)`,
    );
    gw = await startGateway({ subgraphs: [{ name: 'community', url: sg.url }], identityKeys, authenticate, subgraphTimeoutMs: 2_000 });
  });

  afterAll(async () => {
    await gw?.stop(0);
    await sg?.stop(0).catch(() => undefined); // already stopped by the last test
    await db?.cleanup(['community']);
  });

  it('answers a federated query and keeps the composed supergraph', async () => {
    const { status, body } = await query(gw.url, '{ communities { name grids { name } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      communities: [
        { name: 'East Gate', grids: [{ name: 'East Gate 1' }, { name: 'East Gate 2' }] },
        { name: 'Willow Village', grids: [{ name: 'Willow group 1' }] },
      ],
    });
    expect(gw.supergraphSdl).toContain('join__Graph');
    expect(gw.supergraphSdl).toContain(sg.url);
  });

  it('refuses an anonymous operation at the gateway before execution, without leaking subgraph addresses', async () => {
    const before = sg.sql.total;
    const { status, body } = await query(gw.url, '{ communities { name } }', { 'x-test-anonymous': '1' });
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(sg.sql.total).toBe(before);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(body)).not.toContain(sg.url);
  });

  it('serves a supergraph given as SDL', async () => {
    const fromSdl = await startGateway({ subgraphs: [], supergraph: { kind: 'sdl', sdl: gw.supergraphSdl }, identityKeys, authenticate });
    try {
      const { body } = await query(fromSdl.url, '{ communities { name } }');
      expect(body).toEqual({ data: { communities: [{ name: 'East Gate' }, { name: 'Willow Village' }] } });
    } finally {
      await fromSdl.stop(0);
    }
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${origin(gw)}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${origin(gw)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'loaded' });
  });

  it('serves an explorer page that loads nothing from another host', async () => {
    expect(externalUrls('<script src="https://cdn.example/x.js"></script><link href="//fonts.example/f.css">')).toHaveLength(2);

    const res = await fetch(`${origin(gw)}/explorer`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<link rel="icon" href="data:," />');
    expect(html).toContain('"endpoint":"/graphql"');
    expect(externalUrls(html)).toEqual([]);

    const root = await fetch(`${origin(gw)}/`, { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    expect(await root.text()).toBe(html);
  });

  it('sends non-browser GET / on to /graphql', async () => {
    const res = await fetch(`${origin(gw)}/?query=%7B__typename%7D`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/graphql?query=%7B__typename%7D');
  });

  it('refuses a malformed JSON body with 400 and a code', async () => {
    const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses an oversized body with 413 and a code', async () => {
    const body = JSON.stringify({ query: `{ communities { name } } # ${'x'.repeat(1_100_000)}` });
    const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('reports SUBGRAPH_UNAVAILABLE when the subgraph is down, and stays up', async () => {
    await sg.stop(0);
    const { status, body } = await query(gw.url, '{ communities { name } }');
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'community' }) }),
    ]);
    expect(body.errors![0]!.message).not.toContain(sg.url);
    expect((await fetch(`${origin(gw)}/healthz`)).status).toBe(200);
  });
});
