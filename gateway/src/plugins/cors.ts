import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@gridhub/kit';
import type { GatewayPlugin } from './plugin';

export interface CorsOptions {
  /**
   * Origins (`scheme://host[:port]`, exactly as browsers send them) whose pages may call the gateway with the
   * user's credentials. Default none: no cross-origin page may (production default; `gridhub start` allows the
   * usual localhost dev-server origins).
   */
  origins?: string[];
  /** How long a browser may cache a preflight answer, in seconds. Default 7,200 (Chromium's ceiling; Firefox's is 86,400). */
  maxAgeSeconds?: number;
  /** Request headers a page may send besides the defaults (`CORS_REQUEST_HEADERS`). */
  extraHeaders?: string[];
}

/**
 * What a browser page needs to send: the body type, the client token, the headers that satisfy Apollo's CSRF
 * prevention for GET (`apollo-require-preflight`, `x-apollo-operation-name`), a caller's request id and trace
 * context, and Apollo clients' name/version headers.
 */
export const CORS_REQUEST_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-request-id',
  'traceparent',
  'tracestate',
];
/** Response headers a page may read: the request id to quote in a report, and when to retry after RATE_LIMITED. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after'];
const METHODS = ['GET', 'POST'];

/** `http://LOCALHOST:5173/` → `http://localhost:5173`; undefined for what is not an origin. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Cross-origin access for browser pages (a single-page app on its own dev server or domain), from an allow-list.
 * A preflight (OPTIONS with `Access-Control-Request-Method`) is answered here, before GraphQL, and cached by the
 * browser for `maxAgeSeconds`; an allowed origin's actual requests get `Access-Control-Allow-Origin` (the origin
 * itself, never `*`, since credentials are allowed). Apollo's CSRF prevention stays on for every request: CORS
 * only decides which pages may read answers, and a simple (non-preflighted) request is still refused by it.
 */
export function useCors(options: CorsOptions = {}): GatewayPlugin {
  const allowed = new Set<string>();
  for (const origin of options.origins ?? []) {
    const normalized = normalizeOrigin(origin);
    if (!normalized) throw new Error(`CORS origin "${origin}" is not an origin (scheme://host[:port])`);
    allowed.add(normalized);
  }
  const maxAge = String(options.maxAgeSeconds ?? 7_200);
  const requestHeaders = [...CORS_REQUEST_HEADERS, ...(options.extraHeaders ?? []).map((h) => h.toLowerCase())];
  const requestHeaderSet = new Set(requestHeaders);

  const intercept = (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    // Caches must not hand one origin's answer (with its allow header) to another.
    res.setHeader('vary', 'origin');
    if (typeof origin !== 'string') return false;
    const ok = allowed.has(normalizeOrigin(origin) ?? '');
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!preflight) {
      if (ok) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
        res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
      }
      return false;
    }
    const method = String(req.headers['access-control-request-method']).toUpperCase();
    const asked = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const refused = !ok ? 'origin' : !METHODS.includes(method) ? 'method' : asked.find((h) => !requestHeaderSet.has(h));
    if (refused) {
      const what = refused === 'origin' ? `origin ${origin}` : refused === 'method' ? `method ${method}` : `request header ${refused}`;
      sendJson(res, 403, { errors: [{ message: `cross-origin requests: ${what} is not allowed`, extensions: { code: 'ORIGIN_NOT_ALLOWED' } }] });
      return true;
    }
    res.writeHead(204, {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': METHODS.join(', '),
      'access-control-allow-headers': requestHeaders.join(', '),
      'access-control-max-age': maxAge,
      vary: 'origin, access-control-request-method, access-control-request-headers',
      'content-length': 0,
    });
    res.end();
    return true;
  };

  return { name: 'cors', onHttpRequest: intercept };
}
