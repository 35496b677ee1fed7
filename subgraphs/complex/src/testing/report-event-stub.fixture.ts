import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the subdistrict subgraph's `reportEvent` over real HTTP: records calls, dedups by externalRef. */
export async function startReportEventStub(): Promise<{ url: string; calls: { input: Record<string, unknown>; headers: Record<string, unknown> }[]; failNext: (n: number) => void; stop(): Promise<void> }> {
  const calls: { input: Record<string, unknown>; headers: Record<string, unknown> }[] = [];
  const events = new Map<string, string>();
  let failures = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { input: Record<string, unknown> } };
    calls.push({ input: body.variables.input, headers: req.headers });
    res.setHeader('content-type', 'application/json');
    if (failures > 0) {
      failures--;
      res.statusCode = 503;
      return res.end(JSON.stringify({ errors: [{ message: 'unavailable' }] }));
    }
    const ref = String(body.variables.input.externalRef);
    if (!events.has(ref)) events.set(ref, String(events.size + 1));
    res.end(JSON.stringify({ data: { reportEvent: { id: events.get(ref) } } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    calls,
    failNext: (n) => void (failures = n),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
