import {
  Action, can, GridhubError, identityVerifier, IDENTITY_HEADER, readBody, ScopedData, sendJson, type Identity, type Route, type RunningSubgraph,
} from '@gridhub/kit';
import type { ComplexOptions } from '../runtime';
import { DEFAULT_RETENTION_DAYS } from './access-record.retention';
import { ingestAccessRecords, parseNdjson } from './access-record.ingest';

export const INGEST_PATH = '/ingest/access-records';
export const DEFAULT_INGEST_BODY_BYTES = 16 * 1024 * 1024;

/**
 * `POST /ingest/access-records`: newline-delimited JSON, one record a line, answered with the same counts as the
 * `ingestAccessRecords` mutation. The caller presents a gateway-signed identity (audience `complex`) like any
 * other request (verified here: a plain route gets no GraphQL context), and its records go through the same scoped
 * data access as the mutation: records of devices the caller may not write, or naming a person without a credential
 * in the device's complex, are rejected one by one.
 */
export function ingestRoute(sg: RunningSubgraph, name: string, options: ComplexOptions): Route {
  const verify = options.identity ? identityVerifier(options.identity, name) : null;
  const maxBytes = options.ingest?.maxBodyBytes ?? DEFAULT_INGEST_BODY_BYTES;
  return {
    method: 'POST',
    path: INGEST_PATH,
    async handle(req, res) {
      let identity: Identity;
      try {
        if (!verify) throw new GridhubError('UNAUTHENTICATED', 'this subgraph was started without identity keys for its ingestion endpoint');
        const header = req.headers[IDENTITY_HEADER];
        identity = await verify(typeof header === 'string' ? header : undefined);
      } catch (err) {
        const message = err instanceof GridhubError ? err.message : 'identity token refused';
        return sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      if (!can(identity, Action.ACCESS_INGEST))
        return sendJson(res, 403, { errors: [{ message: `${identity.role} may not ingest door records`, extensions: { code: 'FORBIDDEN' } }] });
      // BodyTooLarge propagates to the kit's handler, which answers 413.
      const body = await readBody(req, maxBytes);
      const result = await ingestAccessRecords(new ScopedData(sg.db, identity), parseNdjson(body.toString('utf8')), {
        ...options.ingest,
        retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
      });
      sendJson(res, 200, result);
    },
  };
}

/** The subgraph's extra routes. */
export function complexRoutes(name: string, options: ComplexOptions) {
  return (sg: RunningSubgraph): Route[] => [ingestRoute(sg, name, options)];
}
