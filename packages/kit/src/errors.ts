import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** One error code of the contract: what clients may rely on when they branch on `extensions.code`. */
export interface ErrorCodeSpec {
  /** What it means, in a client developer's terms. */
  meaning: string;
  /** When it happens. */
  when: string;
  /** Whether sending the same operation again (later, unchanged) may succeed. */
  retryable: boolean;
  /**
   * HTTP status of a response this error refuses as a whole (no data). An error raised while fields resolve comes
   * with HTTP 200 and the rest of the data, whatever its code.
   */
  status: number;
  /** Who answers with it: `any` Gridhub service, the `gateway` only, `apollo` (Apollo Server's standard codes), or a plug-in's name. */
  raisedBy: string;
}

/**
 * The error codes every Gridhub service answers with. Clients branch on `extensions.code`; the table is also the
 * documentation: docs/errors.md is generated from it (`pnpm docs:errors`), and a test fails when the two drift.
 */
export const ErrorCodes = {
  BAD_USER_INPUT: {
    meaning: 'The input is invalid; nothing was written.',
    when: 'A format or check-digit error (身份证号 GB 11643), an illegal state transition, a malformed id (ids are decimal integers; `extensions.argument` names where), a page size above the maximum (`extensions.rule: "pageSize"`), a variable value that cannot be coerced to its type (`extensions.rule: "variables"`, at the gateway, HTTP 400).',
    retryable: false,
    status: 400,
    raisedBy: 'any',
  },
  NOT_FOUND: {
    meaning: 'The referenced record does not exist, or is outside the caller\'s scope (the two are not told apart).',
    when: 'A mutation or a lookup names an id that is not there for this caller.',
    retryable: false,
    status: 200,
    raisedBy: 'any',
  },
  CONFLICT: {
    meaning: 'The record changed since it was read (stale `version`) or would duplicate an existing one; nothing was written.',
    when: 'Optimistic concurrency on event transitions and updates; unique keys; a reporter reusing its own `externalRef` for another source (never naming the other record). Terminal for an outbox: the message becomes a dead letter.',
    retryable: false,
    status: 200,
    raisedBy: 'any',
  },
  FORBIDDEN: {
    meaning: 'The caller\'s role or scope does not allow this.',
    when: 'A field, mutation or admin route outside the role matrix (docs/claims.md); an idempotency key (`externalRef`) in a namespace reserved to a service identity (`complex:…`, `powergrid:…`; `extensions.rule: "reservedKey"`).',
    retryable: false,
    status: 403,
    raisedBy: 'any',
  },
  UNAUTHENTICATED: {
    meaning: 'No valid identity was presented.',
    when: 'A missing, expired or forged token; at a subgraph, a missing or forged identity token from the gateway.',
    retryable: false,
    status: 401,
    raisedBy: 'any',
  },
  QUERY_TOO_COMPLEX: {
    meaning: 'The operation exceeds a limit; it was refused before any subgraph was called.',
    when: '`extensions.rule` is depth, aliases, rootFields, cost (estimated with variables coerced, defaults included; see it with `"extensions": { "cost": true }`), fetches (subgraph fetches in the query plan), bodySize (HTTP 413) or batchSize; `limit` and `actual` where known.',
    retryable: false,
    status: 400,
    raisedBy: 'gateway',
  },
  OPERATION_NOT_TRUSTED: {
    meaning: 'This operation is not in the gateway\'s manifest of registered operations; nothing was executed.',
    when: 'The gateway runs in trusted-documents mode (production) and the document or its hash is unknown.',
    retryable: false,
    status: 400,
    raisedBy: 'gateway',
  },
  RATE_LIMITED: {
    meaning: 'Too many operations from this identity (or address) in the current window; nothing was executed.',
    when: 'Operations per window, or cost units per window (`extensions.budget: "cost"`); retry after `extensions.retryAfter` seconds (also the `retry-after` header).',
    retryable: true,
    status: 429,
    raisedBy: 'gateway',
  },
  ORIGIN_NOT_ALLOWED: {
    meaning: 'A browser preflight (CORS) was refused; nothing was executed.',
    when: 'The page\'s origin, or the method or a header it asks for, is not allowed by the gateway\'s CORS configuration.',
    retryable: false,
    status: 403,
    raisedBy: 'gateway',
  },
  SUBGRAPH_UNAVAILABLE: {
    meaning: 'A subgraph needed for part of the answer did not respond; the rest of the data is returned.',
    when: 'Timeout, connection refused, or HTTP 502/503/504 in front of the subgraph; `extensions.subgraph` names it.',
    retryable: true,
    status: 200,
    raisedBy: 'gateway',
  },
  SHUTTING_DOWN: {
    meaning: 'This instance is stopping (graceful shutdown) and took no new request; nothing was executed.',
    when: 'During a rolling restart; the load balancer sends the retry to another instance.',
    retryable: true,
    status: 503,
    raisedBy: 'any',
  },
  INTERNAL: {
    meaning: 'An unexpected failure. Details are in the service log under the request id.',
    when: 'A bug, a database failure, or a subgraph error whose message could leak internals (then `serviceName` names the subgraph).',
    retryable: false,
    status: 500,
    raisedBy: 'any',
  },
  GRAPHQL_PARSE_FAILED: {
    meaning: 'The document is not valid GraphQL syntax, or has more tokens than the gateway parses.',
    when: 'Before validation; nothing was executed.',
    retryable: false,
    status: 400,
    raisedBy: 'apollo',
  },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'The document does not validate against the API schema (`schema.graphql`).',
    when: 'An unknown field or argument, a wrong variable type; introspection in production.',
    retryable: false,
    status: 400,
    raisedBy: 'apollo',
  },
  BAD_REQUEST: {
    meaning: 'The HTTP request is not a GraphQL request the gateway accepts.',
    when: 'Invalid JSON, a missing query, a CSRF-unsafe simple request (send `content-type: application/json` or `apollo-require-preflight`), a batch while batching is off.',
    retryable: false,
    status: 400,
    raisedBy: 'apollo',
  },
  OPERATION_RESOLUTION_FAILURE: {
    meaning: 'The document holds no operation by the given `operationName`, or several operations and no name.',
    when: 'Before execution; nothing was executed.',
    retryable: false,
    status: 400,
    raisedBy: 'apollo',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    meaning: 'The gateway does not know this persisted-query hash yet.',
    when: 'Automatic persisted queries: send the same request again with the full document (client libraries do this themselves).',
    retryable: true,
    status: 200,
    raisedBy: 'apollo',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    meaning: 'Persisted queries are off at this gateway.',
    when: 'A request carries only a hash; send the full document instead.',
    retryable: false,
    status: 200,
    raisedBy: 'apollo',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ErrorCodes;

/** Codes a vendor defined with `defineErrorCodes`, next to the kit's own. */
const registered = new Map<string, ErrorCodeSpec>(Object.entries(ErrorCodes));

/** What a code means, for the kit's codes and those defined in this process with `defineErrorCodes`. */
export const errorCodeSpec = (code: string): ErrorCodeSpec | undefined => registered.get(code);

/** Every code known in this process, the kit's first. */
export const errorCodeTable = (): [string, ErrorCodeSpec][] => [...registered];

/** Codes are SCREAMING_SNAKE_CASE, so they read as codes and never as messages. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

export class GridhubError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

/**
 * A plug-in subgraph's own codes (e.g. the power-grid company's `TREE_OWNER_UNREACHABLE`), added to the table so its
 * `formatError` passes them through (instead of hiding them as INTERNAL) and the gateway forwards them with
 * `serviceName`. Returns the function that raises them. Redefining a code differently is refused at start-up.
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeSpec>>(codes: T) {
  for (const [code, spec] of Object.entries(codes)) {
    if (!CODE_PATTERN.test(code)) throw new Error(`error code "${code}" is not SCREAMING_SNAKE_CASE`);
    const known = registered.get(code);
    if (known && JSON.stringify(known) !== JSON.stringify(spec)) throw new Error(`error code ${code} is already defined with another meaning`);
    registered.set(code, spec);
  }
  return (code: keyof T & string, message: string, details: Record<string, unknown> = {}) =>
    new GraphQLError(message, { extensions: { code, ...details } });
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

/** Maps errors to the code table: unknown failures become INTERNAL and, in production, lose their message. */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && registered.has(code)) {
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

/** docs/errors.md: the table as a client developer reads it (generated; `pnpm docs:errors` rewrites it). */
export function errorCodesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.entries(ErrorCodes as Record<string, ErrorCodeSpec>).map(
    ([code, s]) => `| \`${code}\` | ${cell(s.meaning)} | ${cell(s.when)} | ${s.retryable ? 'yes' : 'no'} | ${s.status} | ${s.raisedBy} |`,
  );
  return [
    '<!-- Generated from packages/kit/src/errors.ts by `pnpm docs:errors`; edit the table there, not here. -->',
    '# Error codes',
    '',
    'Every error Gridhub answers with carries a stable `extensions.code`; clients branch on it, never on the message.',
    'Errors raised while fields resolve come with HTTP 200 and the rest of the data (`data` plus `errors`); the HTTP',
    'status below is the one of a response the error refuses as a whole. An error from a subgraph carries',
    '`extensions.serviceName` (the subgraph that raised it). Plug-in subgraphs add their own codes with',
    '`defineErrorCodes` (kit); the gateway forwards any such code unchanged, and maps to `INTERNAL` only errors',
    'that would leak internals (no code, a server error\'s raw message, an HTTP failure\'s body), keeping the reason',
    'in its log under the request id (`x-request-id`).',
    '',
    '"Retryable" means the same operation may succeed if sent again later, unchanged.',
    '',
    '| code | meaning | when | retryable | HTTP status | raised by |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
