import { CODE_PATTERN, currentRequestId, formatError, type Logger } from '@gridhub/kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayPlugin } from './plugin';

/**
 * Codes that say only "something failed" and whose message is whatever the subgraph's runtime had at hand (an SQL
 * error, a stack frame, a host name): Apollo's default for an uncaught error, and the gateway's for an error the
 * subgraph sent without a code.
 */
const LEAKING_CODES = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

/** Extensions never forwarded to clients: stack traces, and the raw HTTP answer of a failed subgraph fetch. */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response'];

/**
 * The gateway's error mapping. An error a subgraph raised keeps its code and `serviceName` (so a plug-in's own codes
 * reach clients) unless it would leak internals — no code, a generic server-error code, an HTTP failure — in which
 * case it becomes INTERNAL naming the subgraph, and the original goes to the log under the request id. Errors of
 * the gateway's own go through the kit's table (unknown ones become INTERNAL).
 */
export function formatGatewayError(production: boolean, log: Logger) {
  const ownErrors = formatError(production);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = formatted.extensions ?? {};
    const serviceName = extensions.serviceName;
    if (typeof serviceName !== 'string') return ownErrors(refusedRequest(formatted, error), error);

    const code = extensions.code;
    const response = extensions.response as { status?: number } | undefined;
    const kept = Object.fromEntries(Object.entries(extensions).filter(([k]) => !INTERNAL_EXTENSIONS.includes(k)));
    if (typeof code === 'string' && CODE_PATTERN.test(code) && !LEAKING_CODES.has(code)) return { ...formatted, extensions: kept };

    const status = response?.status;
    const refusal = refusedValue(serviceName, response);
    if (refusal) return { message: refusal, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT', serviceName } };
    const requestId = currentRequestId();
    log.warn({ subgraph: serviceName, code, status, reason: formatted.message, path: formatted.path }, `subgraph ${serviceName} error mapped to INTERNAL`);
    return {
      message: `subgraph "${serviceName}" failed${status ? ` (HTTP ${status})` : ''}; the reason is in the gateway log under this request's id`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL', serviceName, ...(status ? { status } : {}), ...(requestId ? { requestId } : {}) },
    };
  };
}

/**
 * A subgraph's HTTP 400 for a value the gateway cannot check (a custom scalar's literal: the supergraph keeps
 * scalars opaque, the subgraph parses them): the client's mistake, BAD_USER_INPUT with the subgraph's reason (a
 * validation message, no internals), not INTERNAL. Undefined for anything else.
 */
function refusedValue(serviceName: string, response: { status?: number; body?: unknown } | undefined): string | undefined {
  if (response?.status !== 400) return undefined;
  const first = (response.body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0];
  if (typeof first?.message !== 'string' || !CLIENT_VALUE_CODES.has(String(first.extensions?.code))) return undefined;
  return `subgraph "${serviceName}" refused a value of the operation: ${first.message.replace(/\s*Did you mean[\s\S]*$/, '')}`;
}

const CLIENT_VALUE_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * Apollo Server refuses some requests before any operation runs with an HTTP 400 and no code (an automatic persisted
 * query whose hash does not match its document, an unsupported version): those are BAD_REQUEST, not INTERNAL.
 */
function refusedRequest(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const http = error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined) : undefined;
  const code = formatted.extensions?.code;
  if (http?.status !== 400 || (code !== undefined && code !== 'INTERNAL_SERVER_ERROR')) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
}

/**
 * Refuses, as OPERATION_RESOLUTION_FAILURE with HTTP 400, a document in which `operationName` names no operation
 * (or that holds several operations and no name). Left to the gateway's executor, that surfaces as an uncoded
 * error, i.e. HTTP 500 INTERNAL, for what is the client's mistake.
 */
export function useOperationResolution(): GatewayPlugin {
  return {
    name: 'operation-resolution',
    apollo: {
      async requestDidStart() {
        return {
          async didResolveOperation({ operation, request }) {
            if (operation) return;
            const message = request.operationName
              ? `Unknown operation named "${request.operationName}".`
              : 'Must provide operation name if query contains multiple operations.';
            throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          },
        };
      },
    },
  };
}
