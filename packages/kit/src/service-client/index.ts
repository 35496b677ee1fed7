import { GridhubError, type ErrorCode } from '../errors';

/**
 * A GraphQL operation one service sends another, with the types of its variables and answer: the document text is
 * what a trusted-documents gateway registers (a subgraph lists it in `calls.documents`).
 */
export interface ServiceOperation<TData, TVariables extends Record<string, unknown> | undefined = undefined> {
  document: string;
  /** Phantom: carries the types only. */
  readonly __types?: (variables: TVariables) => TData;
}

/** Declares a service operation: `serviceOperation<{ grids: … }>('{ grids { id } }')`. */
export const serviceOperation = <TData, TVariables extends Record<string, unknown> | undefined = undefined>(document: string): ServiceOperation<TData, TVariables> => ({
  document,
});

export interface ServiceClientOptions {
  /** The receiving GraphQL endpoint: another subgraph, or the gateway. */
  url: string;
  /** Headers per call (e.g. the service identity's fresh token). */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Per call (default 10 s). */
  timeoutMs?: number;
  /** Named in errors (default: the URL's host). */
  name?: string;
}

export interface ServiceClient {
  /**
   * Sends one operation; resolves with its data. A refusal rejects with a GridhubError carrying the receiver's
   * `extensions.code` (CONFLICT, FORBIDDEN…); an unreachable receiver or an answer without data with
   * SUBGRAPH_UNAVAILABLE (`extensions.subgraph`), which callers retry.
   */
  request<TData, TVariables extends Record<string, unknown> | undefined>(
    operation: ServiceOperation<TData, TVariables>,
    ...variables: TVariables extends undefined ? [] : [TVariables]
  ): Promise<TData>;
}

/** The kit's one GraphQL client for calls between services (no hand-written fetch per caller). */
export function serviceClient(options: ServiceClientOptions): ServiceClient {
  const name = options.name ?? new URL(options.url).host;
  const unavailable = (message: string) => new GridhubError('SUBGRAPH_UNAVAILABLE', message, { subgraph: name });
  return {
    async request(operation, ...rest) {
      const headers = { 'content-type': 'application/json', ...(options.headers ? await options.headers() : {}) };
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: operation.document, variables: rest[0] }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw unavailable(`${name} unreachable: ${(err as Error).message}`);
      }
      const body = (await res.json().catch(() => ({}))) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.data != null && !body.errors?.length) return body.data as never;
      const message = `${name} refused (HTTP ${res.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`;
      const code = body.errors?.map((e) => e.extensions?.code).find((c): c is string => !!c && c !== 'INTERNAL' && c !== 'SUBGRAPH_UNAVAILABLE');
      throw code ? new GridhubError(code as ErrorCode, message, { subgraph: name }) : unavailable(message);
    },
  };
}
