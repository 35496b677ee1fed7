import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@gridhub/kit';
import type { GatewayContext } from '../plugins/plugin';
import { useRequestId } from '../plugins/request-id';
import { SubgraphPools } from './pools';
import { SubgraphDataSource } from './subgraph-data-source';

const log = createLogger('test');

/** A stand-in subgraph whose answer each test decides; it records the headers it was sent. */
function fakeSubgraph(answer: (res: ServerResponse) => void) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on('end', () => answer(res));
  });
  return new Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
        seen,
        close() {
          server.close();
          server.closeAllConnections();
        },
      }),
    ),
  );
}

/** One incoming-operation fetch, as the gateway's query plan executor issues it, over its own pools. */
async function fetchFrom(url: string, timeoutMs = 2_000) {
  const plugin = useRequestId();
  const pools = new SubgraphPools({ timeoutMs });
  const source = new SubgraphDataSource({ name: 'probe', url, pools, log, onRequest: async (r) => plugin.onSubgraphRequest?.(r) });
  const context: GatewayContext = { requestId: 'req-42', log };
  try {
    return await source.process({ kind: 'incoming operation', request: { query: '{ a }' }, incomingRequestContext: {}, context } as never);
  } finally {
    await pools.close();
  }
}

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('SubgraphDataSource', () => {
  it('forwards the request id and returns the subgraph answer', async () => {
    const sg = await fakeSubgraph(json(200, { data: { a: 1 } }));
    try {
      await expect(fetchFrom(sg.url)).resolves.toMatchObject({ data: { a: 1 } });
      expect(sg.seen[0]?.['x-request-id']).toBe('req-42');
    } finally {
      sg.close();
    }
  });

  const unavailable: [string, (res: ServerResponse) => void, string][] = [
    ['a gateway error status', json(503, { message: 'no upstream' }), 'HTTP 503'],
    ['no answer within the timeout', () => undefined, 'timeout'],
  ];
  it.each(unavailable)('reports SUBGRAPH_UNAVAILABLE on %s', async (_label, answer, reason) => {
    const sg = await fakeSubgraph(answer);
    try {
      await expect(fetchFrom(sg.url, 200)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'probe', reason } });
    } finally {
      sg.close();
    }
  });

  it('reports SUBGRAPH_UNAVAILABLE when nothing listens', async () => {
    const sg = await fakeSubgraph(json(200, {}));
    sg.close();
    await expect(fetchFrom(sg.url)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'unreachable' } });
  });

  it('passes other refusals through, without the subgraph URL', async () => {
    const sg = await fakeSubgraph(json(401, { errors: [{ message: 'who are you' }] }));
    try {
      const error = await fetchFrom(sg.url).catch((e: { extensions: Record<string, unknown> }) => e);
      expect(error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', response: { status: 401 } } });
      expect(JSON.stringify(error)).not.toContain(sg.url);
    } finally {
      sg.close();
    }
  });
});
