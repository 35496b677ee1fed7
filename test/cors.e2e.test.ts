import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityKeys, Role, startSubgraph, type RunningSubgraph } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { startGateway, type RunningGateway } from '@gridhub/gateway';
import type { Browser } from 'playwright-core';
import { launchChromium } from './src/browser';
import { testDatabase, type TestDatabase } from '@gridhub/kit/testing';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers a browser sets itself (Origin), which fetch() would not let a page choose. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Serves one HTML page on its own port: another origin than the gateway's. */
async function servePage(html: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('CORS at the gateway', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  let gw: RunningGateway;
  let page: { server: Server; origin: string };
  let browser: Browser;
  const devServer = 'http://localhost:5173';
  // The signed-in user's token, as a page would send it; the test stands in for client JWT validation.
  const authenticate = (req: { headers: Record<string, unknown> }) =>
    req.headers.authorization === 'Bearer page-token' ? { subject: 'u1', role: Role.SUBDISTRICT_ADMIN } : undefined;

  beforeAll(async () => {
    db = testDatabase('sqlite');
    const identityKeys = await createIdentityKeys();
    sg = await startSubgraph(community, { database: db.config, identity: { publicKeys: identityKeys.publicJwks } });
    await sg.db.query(`INSERT INTO community (id, code, name, kind, subdistrictId, station, address) VALUES (1, 'C01', 'East Gate', 'COMMUNITY', 1, 'st', 'addr')`);
    // The page's origin is only known once it listens; the gateway is started after it with that origin allowed.
    page = await servePage(`<!doctype html><link rel="icon" href="data:,"><title>spa</title>`);
    gw = await startGateway({
      subgraphs: [{ name: 'community', url: sg.url }],
      identityKeys,
      authenticate,
      cors: { origins: [devServer, page.origin], maxAgeSeconds: 600 },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.stop(0);
    await sg?.stop(0);
    page?.server.close();
    await db?.cleanup(['community']);
  });

  it('answers an allowed origin\'s preflight with 204, the methods and headers the gateway needs, cached', async () => {
    const res = await raw(gw.url, 'OPTIONS', {
      origin: devServer,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(devServer);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-methods']).split(', ')).toEqual(['GET', 'POST']);
    const allowHeaders = String(res.headers['access-control-allow-headers']).split(', ');
    expect(allowHeaders).toEqual(expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight']));
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('refuses a preflight from an origin not configured, for a method or a header not allowed', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ origin: 'http://evil.example', 'access-control-request-method': 'POST' }, /origin http:\/\/evil.example/],
      [{ origin: devServer, 'access-control-request-method': 'DELETE' }, /method DELETE/],
      [{ origin: devServer, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-admin-override' }, /header x-admin-override/],
    ];
    for (const [headers, reason] of cases) {
      const res = await raw(gw.url, 'OPTIONS', headers);
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const body = JSON.parse(res.body) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('ORIGIN_NOT_ALLOWED');
      expect(body.errors[0]!.message).toMatch(reason);
    }
  });

  it('keeps CSRF prevention on: a simple cross-origin request is refused even from an allowed origin', async () => {
    // text/plain needs no preflight, so a hostile page could send it with the user's cookies: Apollo refuses it.
    const res = await raw(gw.url, 'POST', { origin: devServer, 'content-type': 'text/plain' }, JSON.stringify({ query: '{ communities { name } }' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/CSRF|preflight/i);
  });

  it('gives a disallowed origin\'s actual request no allow header, so its page cannot read the answer', async () => {
    const res = await raw(gw.url, 'POST', { origin: 'http://evil.example', 'content-type': 'application/json' }, JSON.stringify({ query: '{ __typename }' }));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toMatch(/origin/i);
  });

  it('lets a page on another local origin query the gateway from headless Chromium, with its token, after a real preflight', async () => {
    const tab = await browser.newPage();
    const requests: { method: string; url: string }[] = [];
    // Chromium reports preflights to CDP, not to page.on('request'): the gateway's answer headers tell it happened.
    tab.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
    await tab.goto(page.origin);
    const result = await tab.evaluate(async (url) => {
      const res = await fetch(url, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', authorization: 'Bearer page-token' },
        body: JSON.stringify({ query: '{ communities { name } }' }),
      });
      return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() };
    }, gw.url);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { communities: [{ name: 'East Gate' }] } });
    // Exposed to the page so a user can quote it in a report.
    expect(result.requestId).toMatch(/^[\w.-]+$/);
    expect(requests.filter((r) => r.url === gw.url).map((r) => r.method)).toEqual(['POST']);

    // From an origin that is not allowed, the same call fails in the browser (the preflight is refused).
    const other = await servePage('<!doctype html><link rel="icon" href="data:,">');
    try {
      await tab.goto(other.origin);
      const failure = await tab.evaluate(async (url) => {
        try {
          await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
          return 'answered';
        } catch (err) {
          return String(err);
        }
      }, gw.url);
      expect(failure).toMatch(/TypeError: Failed to fetch/);
    } finally {
      other.server.close();
      await tab.close();
    }
  });
});
