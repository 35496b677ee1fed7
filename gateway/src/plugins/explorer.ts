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
