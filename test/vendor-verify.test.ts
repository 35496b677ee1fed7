import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityKeys } from '@gridhub/kit';
import { verifySubgraph } from '@gridhub/cli';

/**
 * The conformance run fails a service that does not behave like a kit subgraph: here one that answers every request,
 * whoever sends it, returns a phone number in clear and resolves references to rows whatever the caller's scope.
 */
const SDL = `directive @sensitive(kind: String!, mask: String!, audit: String!, auditedAs: String) on FIELD_DEFINITION
type Query { desks: [Desk!]! }
type Complex @key(fields: "id") { id: ID! desks: [Desk!]! }
type Desk { phone: String @sensitive(kind: "PHONE", mask: "138****5678", audit: "REVEAL") }`;

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const query = (JSON.parse(body) as { query: string }).query;
      const data = query.includes('_service')
        ? { _service: { sdl: SDL } }
        : query.includes('_entities')
          ? { _entities: [{ desks: [{ __typename: 'Desk' }] }] }
          : query.includes('desks')
            ? { desks: [{ phone: '13800001234' }] }
            : { __typename: 'Query' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('reports every check a careless service fails, and fails the run', async () => {
  const report = await verifySubgraph({ url, name: 'careless', keys: await createIdentityKeys(), publishedSdl: `${SDL}\n# older` });
  expect(report.ok).toBe(false);
  const status = Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
  expect(status).toMatchObject({
    'anonymous request refused': 'fail',
    'forged identity token refused (signed with another key)': 'fail',
    'expired identity token refused': 'fail',
    'misaddressed identity token refused (audience another subgraph)': 'fail',
    'valid identity token accepted, _service { sdl } answered': 'pass',
    '_service { sdl } matches the published SDL': 'fail',
    'personal-data fields masked (desks { phone }, SUBDISTRICT_ADMIN)': 'fail',
    'references honour scope (Complex { desks } for an empty scope)': 'fail',
  });
});

it('reports an unreachable service as a failed run, not an exception', async () => {
  const report = await verifySubgraph({ url: 'http://127.0.0.1:9/graphql', name: 'gone', keys: await createIdentityKeys() });
  expect(report).toMatchObject({ ok: false, checks: [{ check: 'reachable', status: 'fail' }] });
});
