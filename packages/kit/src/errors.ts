import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The error codes every Gridhub service answers with, and what each means.
 * Clients branch on `extensions.code`; the table is also the documentation (docs/errors.md is generated from it).
 */
export const ErrorCodes = {
  BAD_USER_INPUT: 'The input is invalid (format, check digit, an illegal state transition…). Nothing was written.',
  NOT_FOUND: 'The referenced record does not exist (or is outside the caller\'s scope).',
  CONFLICT: 'The record changed since it was read (stale version) or would duplicate an existing one. Nothing was written.',
  FORBIDDEN: 'The caller\'s role or scope does not allow this.',
  UNAUTHENTICATED: 'No valid identity was presented.',
  QUERY_TOO_COMPLEX:
    'The operation exceeds a limit (`extensions.rule`: depth, aliases, rootFields, cost, bodySize or batchSize; `limit` and `actual` where known). It was refused before any subgraph was called.',
  OPERATION_NOT_TRUSTED: 'The gateway runs in trusted-documents mode and this operation is not in its manifest of registered operations. Nothing was executed.',
  RATE_LIMITED: 'Too many operations from this identity (or address) in the current window; retry after `extensions.retryAfter` seconds. Nothing was executed.',
  ORIGIN_NOT_ALLOWED: 'A browser preflight (CORS) from an origin, or asking for a method or header, the gateway does not allow. Nothing was executed.',
  SUBGRAPH_UNAVAILABLE: 'A subgraph needed for part of the answer did not respond; the rest of the data is returned.',
  SHUTTING_DOWN: 'This instance is stopping (graceful shutdown) and took no new request; nothing was executed. Retry: the load balancer sends it to another instance.',
  INTERNAL: 'An unexpected failure. Details are in the service log under the request id.',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export class GridhubError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new GridhubError('BAD_USER_INPUT', message, details);
export const notFound = (what: string, id: string | number) =>
  new GridhubError('NOT_FOUND', `${what} ${id} does not exist`, { what, id: String(id) });
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new GridhubError('CONFLICT', message, details);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new GridhubError('FORBIDDEN', message, details);
export const unauthenticated = (message = 'a valid identity is required') =>
  new GridhubError('UNAUTHENTICATED', message, { http: { status: 401 } });

const knownCodes = new Set(Object.keys(ErrorCodes).concat(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']));

/** Maps errors to the code table: unknown failures become INTERNAL and, in production, lose their message. */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && knownCodes.has(code)) {
      if (code === 'INTERNAL' || !production) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = error instanceof GraphQLError ? error.originalError ?? error : error;
    return {
      message: production ? 'internal error' : String((original as Error)?.message ?? formatted.message),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL' },
    };
  };
}
