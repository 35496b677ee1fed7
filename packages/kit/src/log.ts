import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths holding personal information (PIPL): never written to a log in clear.
 * Covers the shapes the services log: variables of a GraphQL request and records being written.
 */
export const REDACTED_PATHS = [
  'idNumber', '*.idNumber', '*.*.idNumber', 'variables.*.idNumber', 'variables.input.idNumber',
  'phone', '*.phone', '*.*.phone', 'variables.*.phone', 'variables.input.phone',
  'authorization', 'headers.authorization', '*.headers.authorization',
];

export function createLogger(service: string, options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: service,
      level: options.level ?? process.env.GRIDHUB_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service },
    },
    options.destination,
  );
}
