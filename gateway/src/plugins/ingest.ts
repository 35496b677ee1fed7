import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { IDENTITY_HEADER, sendJson, signIdentityToken, type Identity, type IdentityKeys } from '@gridhub/kit';
import type { GatewayPlugin } from './plugin';

export interface IngestOptions {
  keys: IdentityKeys;
  /** The gateway's caller authentication (client JWT): the same as for operations. */
  authenticate?(req: IncomingMessage): Promise<Identity | undefined> | Identity | undefined;
  /** The supergraph being served: where the complex subgraph runs. */
  supergraphSdl(): string | undefined;
}

/** The path on the gateway and on the complex subgraph alike. */
export const INGEST_PATH = '/ingest/access-records';
const NDJSON_TARGET = 'complex';

/** The routing URL the supergraph gives a subgraph (`join__graph(name: "complex", url: "…")`). */
const urlOf = (sdl: string, name: string): string | undefined => new RegExp(`join__graph\\(name: "${name}", url: "([^"]+)"\\)`).exec(sdl)?.[1];

/**
 * `POST /ingest/access-records` on the gateway: door records as newline-delimited JSON, for platforms outside the hub
 * (an access-control vendor with a COMPLEX_MANAGER credential of its complexes). The client token is checked here,
 * the body streams unread to the complex subgraph's route with a gateway-signed identity, and its answer (counts,
 * per-record rejections, or a coded error) comes back as it is: who may ingest which device's records is decided
 * there, by the same policy as the `ingestAccessRecords` mutation.
 */
export function useIngest(options: IngestOptions): GatewayPlugin {
  const fail = (res: Parameters<typeof sendJson>[0], status: number, code: string, message: string) => sendJson(res, status, { errors: [{ message, extensions: { code } }] });
  return {
    name: 'ingest',
    routes: [
      {
        method: 'POST',
        path: INGEST_PATH,
        async handle(req, res) {
          let identity: Identity | undefined;
          try {
            identity = await options.authenticate?.(req);
          } catch (err) {
            return fail(res, 401, 'UNAUTHENTICATED', (err as Error).message);
          }
          if (!identity) return fail(res, 401, 'UNAUTHENTICATED', 'send a token: Authorization: Bearer <token>');
          const sdl = options.supergraphSdl();
          const graphql = sdl && urlOf(sdl, NDJSON_TARGET);
          if (!graphql) return fail(res, 503, 'SUBGRAPH_UNAVAILABLE', `the served supergraph has no ${NDJSON_TARGET} subgraph`);
          let answer: Response;
          try {
            answer = await fetch(new URL(INGEST_PATH, graphql), {
              method: 'POST',
              headers: {
                'content-type': req.headers['content-type'] ?? 'application/x-ndjson',
                [IDENTITY_HEADER]: await signIdentityToken(options.keys, identity, NDJSON_TARGET),
                'x-request-id': randomUUID(),
              },
              body: Readable.toWeb(req) as ReadableStream,
              duplex: 'half',
            } as RequestInit);
          } catch (err) {
            return fail(res, 502, 'SUBGRAPH_UNAVAILABLE', `the ${NDJSON_TARGET} subgraph could not be reached: ${(err as Error).message}`);
          }
          const body = Buffer.from(await answer.arrayBuffer());
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', 'content-length': body.length });
          res.end(body);
        },
      },
    ],
  };
}
