import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GatewayPlugin } from './plugin';

export interface ExplorerOptions {
  /** Where the page sends operations (default `/graphql`, same origin). */
  endpoint?: string;
  /** Path of the page (default `/explorer`); `GET /` from a browser serves it too. */
  path?: string;
  title?: string;
}

interface Page {
  html: Buffer;
  gzipped: Buffer;
}

/**
 * An explorer (GraphiQL) that works on isolated networks: render-graphiql inlines its bundle and Monaco workers
 * (as blob URLs), and the favicon is an empty data: URL, so the browser asks no host but this one.
 * The page is ~9 MB; it is rendered and gzipped once, on first request.
 */
export function useExplorer(options: ExplorerOptions = {}): GatewayPlugin {
  const path = options.path ?? '/explorer';
  let page: Promise<Page> | undefined;
  const render = async (): Promise<Page> => {
    const html = Buffer.from(
      renderGraphiQL({ endpoint: options.endpoint ?? '/graphql', title: options.title ?? 'Gridhub explorer', favicon: 'data:,' }),
    );
    return { html, gzipped: await promisify(gzip)(html) };
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    page ??= render();
    const { html, gzipped } = await page;
    const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = useGzip ? gzipped : html;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      vary: 'accept-encoding',
      ...(useGzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  };

  return {
    name: 'explorer',
    routes: [
      { method: 'GET', path, handle: serve },
      {
        // kit's serveHttp gives a matching route the whole path, with no fall-through to GraphQL. So `GET /` serves the
        // page to browsers and sends GraphQL-over-GET clients on to /graphql (307 keeps method and query string).
        method: 'GET',
        path: '/',
        handle: async (req, res) => {
          if (String(req.headers.accept ?? '').includes('text/html')) return serve(req, res);
          const search = new URL(req.url ?? '/', 'http://localhost').search;
          res.writeHead(307, { location: `/graphql${search}`, 'content-length': 0 });
          res.end();
        },
      },
    ],
  };
}

export interface StaticPageOptions {
  /** URL path the page is served under (e.g. `/command-center`); its files follow it (`/command-center/app.js`). */
  path: string;
  /** The built folder (index.html and its assets), read once at start. */
  dir: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A built single-page app served by the gateway (the command-center page, `web/`): its files are read at start
 * and served with a content-security policy that lets the page talk to this origin only, so a page that worked
 * in a test cannot quietly depend on a CDN.
 */
export function useStaticPage(options: StaticPageOptions): GatewayPlugin {
  const base = options.path.replace(/\/$/, '');
  const files = readdirSync(options.dir).filter((name) => statSync(join(options.dir, name)).isFile() && CONTENT_TYPES[extname(name)]);
  if (!files.includes('index.html')) throw new Error(`${options.dir} has no index.html: build the page first`);
  const headers = (name: string, body: Buffer) => ({
    'content-type': CONTENT_TYPES[extname(name)]!,
    'content-length': body.length,
    'content-security-policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cache-control': name === 'index.html' ? 'no-cache' : 'public, max-age=300',
  });
  const route = (urlPath: string, name: string) => {
    const body = readFileSync(join(options.dir, name));
    return { method: 'GET' as const, path: urlPath, handle: (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200, headers(name, body)).end(body) };
  };
  return {
    name: `static ${base}`,
    routes: [
      { method: 'GET', path: base, handle: (_req, res) => void res.writeHead(308, { location: `${base}/`, 'content-length': 0 }).end() },
      route(`${base}/`, 'index.html'),
      ...files.map((name) => route(`${base}/${name}`, name)),
    ],
  };
}
