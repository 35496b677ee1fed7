import { Action, can, readBody, sendJson, type VerifiedRoute } from '@gridhub/kit';
import type { ComplexOptions } from '../runtime';
import { DEFAULT_RETENTION_DAYS } from './access-record.retention';
import { ingestAccessRecords, parseNdjson } from './access-record.ingest';

export const INGEST_PATH = '/ingest/access-records';
export const DEFAULT_INGEST_BODY_BYTES = 16 * 1024 * 1024;

/**
 * `POST /ingest/access-records`: newline-delimited JSON, one record a line, answered with the same counts as the
 * `ingestAccessRecords` mutation. The caller presents a gateway-signed identity (audience `complex`) like any
 * other request (verified by the kit before the handler runs: a `VerifiedRoute`), and its records go through the same scoped
 * data access as the mutation: records of devices the caller may not write, or naming a person without a credential
 * in the device's complex, are rejected one by one.
 */
export function ingestRoute(options: ComplexOptions): VerifiedRoute {
  const maxBytes = options.ingest?.maxBodyBytes ?? DEFAULT_INGEST_BODY_BYTES;
  return {
    method: 'POST',
    path: INGEST_PATH,
    verified: true,
    async handle(req, res, { identity, data }) {
      if (!can(identity, Action.ACCESS_INGEST))
        return sendJson(res, 403, { errors: [{ message: `${identity.role} may not ingest door records`, extensions: { code: 'FORBIDDEN' } }] });
      // BodyTooLarge propagates to the kit's handler, which answers 413.
      const body = await readBody(req, maxBytes);
      const result = await ingestAccessRecords(data, parseNdjson(body.toString('utf8')), {
        ...options.ingest,
        retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
      });
      sendJson(res, 200, result);
    },
  };
}

/** The subgraph's extra routes. */
export const complexRoutes = (options: ComplexOptions): VerifiedRoute[] => [ingestRoute(options)];
