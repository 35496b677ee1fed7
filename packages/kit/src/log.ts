import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import { activeTraceId } from './observability/tracing';

export type { Logger };

/**
 * Paths holding personal information (PIPL): never written to a log in clear.
 * Covers the shapes the services log: variables of a GraphQL request and records being written.
 */
export const REDACTED_PATHS = [
  'idNumber', '*.idNumber', '*.*.idNumber', 'variables.*.idNumber', 'variables.input.idNumber', 'variables.*.*.idNumber',
  'phone', '*.phone', '*.*.phone', 'variables.*.phone', 'variables.input.phone', 'variables.*.*.phone',
  'authorization', 'headers.authorization', '*.headers.authorization',
  'headers["x-gridhub-identity"]', '*.headers["x-gridhub-identity"]',
];

const requestScope = new AsyncLocalStorage<{ requestId: string; correlationId?: string }>();

/**
 * Runs `fn` with `requestId` (and the client's own `correlationId`, when it sent one) on every log line written
 * inside it (the HTTP layer wraps each request).
 */
export const withRequestId = <T>(requestId: string, fn: () => T, correlationId?: string): T => requestScope.run({ requestId, correlationId }, fn);

/** The id of the request being handled, if any. */
export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;

/** `requestId`, `correlationId` and `traceId` of the request being handled, merged into every line. */
const correlation = (): Record<string, string> => {
  const { requestId, correlationId } = requestScope.getStore() ?? {};
  const traceId = activeTraceId();
  return { ...(requestId ? { requestId } : {}), ...(correlationId ? { correlationId } : {}), ...(traceId ? { traceId } : {}) };
};

export function createLogger(service: string, options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: service,
      level: options.level ?? process.env.GRIDHUB_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service },
      mixin: correlation,
    },
    options.destination,
  );
}
