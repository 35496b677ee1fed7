import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityKeys, createLogger, Role } from '@gridhub/kit';
import { startGateway, type RunningGateway } from '../index';

/**
 * A vendor's subgraph not built with the kit (any GraphQL server speaking the subgraph protocol): it answers each
 * root field with one kind of failure, as third-party runtimes do.
 */
const VENDOR_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { coded: String uncoded: String serverError: String http500: String refused: String badValue: String }`;

function vendorAnswer(query: string): [number, unknown] {
  if (query.includes('_service')) return [200, { data: { _service: { sdl: VENDOR_SDL } } }];
  if (query.includes('coded') && !query.includes('uncoded'))
    return [200, { data: { coded: null }, errors: [{ message: 'the tree owner cannot be reached', path: ['coded'], extensions: { code: 'TREE_OWNER_UNREACHABLE', ownerId: '7' } }] }];
  if (query.includes('uncoded')) return [200, { data: { uncoded: null }, errors: [{ message: 'ER_NO_SUCH_TABLE: SELECT * FROM vendor_secret.owners', path: ['uncoded'] }] }];
  if (query.includes('serverError'))
    return [200, { data: { serverError: null }, errors: [{ message: 'connect ECONNREFUSED 10.20.0.5:3306', path: ['serverError'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: at db.js:1'] } }] }];
  if (query.includes('badValue'))
    return [400, { errors: [{ message: 'Expected value of type "DateTimeISO", found "qN!:17"; Value is not a valid DateTime. Did you mean "DateTime"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }];
  if (query.includes('refused')) return [401, { errors: [{ message: 'identity token expired', extensions: { code: 'UNAUTHENTICATED' } }] }];
  return [500, 'Error: pool exhausted at /srv/vendor/db.js:42'];
}

describe('error codes at the gateway', () => {
  let vendor: Server;
  let gw: RunningGateway;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    vendor = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const [status, answer] = vendorAnswer(String((JSON.parse(body) as { query: string }).query));
      res.writeHead(status, { 'content-type': typeof answer === 'string' ? 'text/plain' : 'application/json' });
      res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    const log = createLogger('gateway', { level: 'warn', destination: { write: (line: string) => void logLines.push(JSON.parse(line)) } });
    gw = await startGateway({
      subgraphs: [{ name: 'vendor', url: `http://127.0.0.1:${(vendor.address() as AddressInfo).port}/graphql` }],
      identityKeys: await createIdentityKeys(),
      authenticate: () => ({ subject: 'u1', role: Role.SUBDISTRICT_ADMIN }),
      log,
      production: true,
      rateLimit: false,
    });
  });

  afterAll(async () => {
    await gw?.stop(0);
    vendor?.close();
  });

  async function post(body: Record<string, unknown>) {
    const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    return { status: res.status, requestId: res.headers.get('x-request-id'), errors: json.errors, data: json.data };
  }

  it('passes a subgraph\'s own code through with serviceName and its details', async () => {
    const { status, errors, data } = await post({ query: '{ coded }' });
    expect(status).toBe(200);
    expect(data).toEqual({ coded: null });
    expect(errors).toEqual([
      { message: 'the tree owner cannot be reached', path: ['coded'], extensions: { code: 'TREE_OWNER_UNREACHABLE', ownerId: '7', serviceName: 'vendor' } },
    ]);
  });

  it.each([
    ['uncoded', 'an error without a code', /SELECT|vendor_secret/],
    ['serverError', 'a generic server error with a stack trace', /ECONNREFUSED|10\.20|db\.js/],
  ])('maps %s (%s) to INTERNAL naming the subgraph, and logs the reason under the request id', async (field, _what, secret) => {
    const { status, requestId, errors } = await post({ query: `{ ${field} }` });
    expect(status).toBe(200);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toEqual({ code: 'INTERNAL', serviceName: 'vendor', requestId });
    expect(JSON.stringify(errors)).not.toMatch(secret);
    const logged = logLines.find((l) => l.requestId === requestId && l.subgraph === 'vendor');
    expect(String(logged?.reason)).toMatch(secret);
  });

  it('keeps serviceName on a subgraph HTTP 500 and drops the response body', async () => {
    const { status, requestId, errors, data } = await post({ query: '{ http500 }' });
    expect(status).toBe(200);
    expect(data).toEqual({ http500: null });
    expect(errors[0]!.extensions).toEqual({ code: 'INTERNAL', serviceName: 'vendor', status: 500, requestId });
    expect(JSON.stringify(errors)).not.toMatch(/pool exhausted|\/srv\//);
  });

  it('keeps a coded HTTP refusal\'s code, without the raw response', async () => {
    const { errors } = await post({ query: '{ refused }' });
    expect(errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', serviceName: 'vendor' });
  });

  it('maps a subgraph\'s HTTP 400 for a value it could not parse to BAD_USER_INPUT with its reason (no suggestion), not INTERNAL', async () => {
    const { errors } = await post({ query: '{ badValue }' });
    expect(errors[0]).toMatchObject({
      message: 'subgraph "vendor" refused a value of the operation: Expected value of type "DateTimeISO", found "qN!:17"; Value is not a valid DateTime.',
      extensions: { code: 'BAD_USER_INPUT', serviceName: 'vendor' },
    });
  });

  it.each([
    [{ query: '{ coded }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, 'provided sha does not match query'],
    [{ query: '{ coded }', extensions: { persistedQuery: { version: 2 } } }, 'Unsupported persisted query version'],
  ])('answers Apollo\'s own uncoded 400 refusals as BAD_REQUEST, not INTERNAL', async (body, message) => {
    const { status, errors } = await post(body);
    expect(status).toBe(400);
    expect(errors).toEqual([{ message, extensions: { code: 'BAD_REQUEST' } }]);
  });

  it.each([
    [{ query: 'query A { coded }', operationName: 'B' }, 'Unknown operation named "B".'],
    [{ query: 'query A { coded } query C { coded }' }, 'Must provide operation name if query contains multiple operations.'],
  ])('refuses an operationName that resolves to no operation with HTTP 400 OPERATION_RESOLUTION_FAILURE', async (body, message) => {
    const { status, errors } = await post(body);
    expect(status).toBe(400);
    expect(errors).toEqual([{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }]);
  });
});
