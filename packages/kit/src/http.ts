import type { ScopedData } from './data/scoped-data';
import type { Identity } from './identity';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { withRequestId, type Logger } from './log';
import { ensureTracing, withServerSpan } from './observability/tracing';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/**
 * A route of a subgraph (`SubgraphDefinition.routes`) whose handler receives the caller, verified by the kit exactly
 * like a GraphQL request (the gateway-signed identity token, this subgraph's audience): a request without a valid
 * one is answered 401 UNAUTHENTICATED before the handler runs, and the handler reads rows only through `data`.
 */
export interface VerifiedRoute {
  method: 'GET' | 'POST';
  path: string;
  verified: true;
  handle(req: IncomingMessage, res: ServerResponse, caller: { identity: Identity; data: ScopedData }): Promise<void> | void;
}

export interface HttpOptions {
  port?: number;
  host?: string;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413 before any parsing. */
  maxBodyBytes?: number;
  /** Most operations in one batched POST (a JSON array); longer batches get 400 before any operation runs. Default: no check here. */
  maxBatchLength?: number;
  /** Idle keep-alive sockets are kept this long (ms, default 65 s: longer than typical load-balancer idle timeouts). */
  keepAliveTimeout?: number;
  log: Logger;
  /** Service name for traces when the process owner installed no tracing (default `gridhub`). */
  service?: string;
  /**
   * Runs first for every request, before routing: may set response headers (CORS) or answer the request itself
   * (a preflight), returning true when it did.
   */
  intercept?(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * `accept` (default): the caller's `x-request-id` is this request's id, as a subgraph takes the gateway's.
   * `generate`: every request gets a new id (an edge facing clients: a client-chosen id could repeat another
   * request's in audit rows and logs); a client's own `x-request-id` is kept apart as `correlationId`.
   */
  requestIds?: 'accept' | 'generate';
}

export interface RunningHttp {
  server: Server;
  url: string;
  port: number;
  /** True once `close` has begun: readiness probes answer 503 so load balancers stop sending traffic. */
  readonly draining: boolean;
  /**
   * Stops accepting connections and requests (a request arriving on a kept-alive connection gets 503 and
   * `connection: close`), waits for requests in flight (up to `graceMs`), then closes every connection.
   */
  close(graceMs?: number): Promise<void>;
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export const requestIdOf = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
};

/**
 * A client's own id for correlation only: at most 64 characters of `A-Z a-z 0-9 . _ : -`, else none. An edge reads
 * the client's `x-request-id`; a service behind it reads `x-correlation-id`, which the gateway forwards.
 */
export const correlationIdOf = (req: IncomingMessage, header: 'x-request-id' | 'x-correlation-id'): string | undefined => {
  const given = req.headers[header];
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : undefined;
};

/** Serves an Apollo Server at `/graphql` next to plain routes, with body limits and graceful close. */
export async function serveHttp<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: (req: IncomingMessage, requestId: string) => Promise<C>,
  routes: Route[],
  options: HttpOptions,
): Promise<RunningHttp> {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  // Trace ids for logs and propagation even when no exporter is configured (the process owner may install one first).
  ensureTracing(options.service ?? 'gridhub');
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;

  const handleGraphql = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, maxBody);
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
      const batch = options.maxBatchLength;
      if (Array.isArray(body) && batch !== undefined && body.length > batch) {
        const extensions = { code: 'QUERY_TOO_COMPLEX', rule: 'batchSize', limit: batch, actual: body.length };
        return sendJson(res, 400, { errors: [{ message: `a batch may hold at most ${batch} operations; this one holds ${body.length}`, extensions }] });
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => context(req, requestId),
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.setHeader('x-request-id', requestId);
    // Finishing in flight during a drain: the client must not send its next request on this connection.
    if (draining) res.setHeader('connection', 'close');
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') return void res.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const settled = () => {
    inFlight--;
    if (inFlight === 0 && drained) drained();
  };
  const server = createServer((req, res) => {
    if (draining) {
      res.setHeader('connection', 'close');
      return sendJson(res, 503, { errors: [{ message: 'the service is shutting down; retry on another instance', extensions: { code: 'SHUTTING_DOWN' } }] });
    }
    // In flight until the response has been handed to the socket (not merely until the handler returned).
    inFlight++;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      settled();
    };
    res.once('finish', done);
    res.once('close', done);
    const generate = options.requestIds === 'generate';
    const requestId = generate ? randomUUID() : requestIdOf(req);
    const correlationId = correlationIdOf(req, generate ? 'x-request-id' : 'x-correlation-id');
    if (correlationId) res.setHeader('x-correlation-id', correlationId);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    void withRequestId(requestId, () =>
      withServerSpan(req, `${req.method} ${path}`, async (span) => {
        span.setAttribute('gridhub.request_id', requestId);
        options.log.debug({ method: req.method, path }, 'request received');
        try {
          const route = routes.find((r) => r.path === path && r.method === req.method);
          if (options.intercept?.(req, res)) return;
          if (route) await route.handle(req, res);
          else if (path === '/graphql' || path === '/') await handleGraphql(req, res, requestId);
          else sendJson(res, 404, { error: 'not found' });
        } catch (err) {
          if (err instanceof BodyTooLarge) {
            sendJson(res, 413, { errors: [{ message: `request body exceeds ${maxBody} bytes`, extensions: { code: 'QUERY_TOO_COMPLEX', rule: 'bodySize', limit: maxBody } }] });
          } else {
            options.log.error({ err, requestId }, 'request failed');
            if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL', requestId } }] });
            else res.end();
          }
        } finally {
          span.setAttribute('http.response.status_code', res.statusCode);
        }
      }), correlationId,
    );
  });
  // Requests Node refuses before any handler (headers over 16 KB, a malformed request line) get a coded JSON error
  // like every other refusal, instead of Node's empty 400/431.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({ errors: [{ message: tooLarge ? 'request headers (or URL) too large' : 'malformed HTTP request', extensions: { code: 'BAD_REQUEST' } }] });
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  server.keepAliveTimeout = options.keepAliveTimeout ?? 65_000;
  server.headersTimeout = server.keepAliveTimeout + 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    server,
    port,
    url: `http://${host}:${port}/graphql`,
    get draining() {
      return draining;
    },
    async close(graceMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
