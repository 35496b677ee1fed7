import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceClient, serviceOperation } from './index';

const ECHO = serviceOperation<{ echo: { n: number } }, { n: number }>('query($n: Int!) { echo(n: $n) { n } }');

/** A receiving service over real HTTP: answers by the variable it gets, records the headers. */
async function receiver() {
  const seen: Record<string, unknown>[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { n: number } };
    seen.push(req.headers);
    res.setHeader('content-type', 'application/json');
    if (variables.n === 409) return res.end(JSON.stringify({ data: null, errors: [{ message: 'taken', extensions: { code: 'CONFLICT' } }] }));
    if (variables.n === 503) {
      res.statusCode = 503;
      return res.end(JSON.stringify({ errors: [{ message: 'unavailable' }] }));
    }
    res.end(JSON.stringify({ data: { echo: { n: variables.n } } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('serviceClient', () => {
  it('sends a typed operation with fresh headers per call and returns its data; refusals keep the receiver\'s code', async () => {
    const r = await receiver();
    try {
      let calls = 0;
      const client = serviceClient({ url: r.url, headers: () => ({ authorization: `Bearer t${++calls}` }), name: 'echo' });
      expect(await client.request(ECHO, { n: 7 })).toEqual({ echo: { n: 7 } });
      expect(await client.request(ECHO, { n: 8 })).toEqual({ echo: { n: 8 } });
      expect(r.seen.map((h) => h.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
      await expect(client.request(ECHO, { n: 409 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT', subgraph: 'echo' } });
      // No code of its own: the receiver is unavailable (retryable), with the HTTP status in the message.
      await expect(client.request(ECHO, { n: 503 })).rejects.toMatchObject({ message: expect.stringContaining('HTTP 503'), extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    } finally {
      await r.close();
    }
    // Nobody listening any more.
    await expect(serviceClient({ url: r.url, name: 'echo' }).request(ECHO, { n: 1 })).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'echo' } });
  });
});
