import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import type { ApolloServerPlugin, DocumentStore, PersistedQueryOptions } from '@apollo/server';
import type { Identity, Logger, Route } from '@gridhub/kit';

/** What every operation executed by the gateway carries as its Apollo context. */
export interface GatewayContext {
  requestId: string;
  log: Logger;
  /** The caller, as `GatewayOptions.authenticate` established it; undefined for an anonymous request. */
  identity?: Identity;
}

/** A request about to leave for a subgraph; headers may still be set. */
export interface SubgraphRequest {
  subgraph: string;
  headers: { set(name: string, value: string): void };
  /** The incoming operation's context; absent when the gateway loads a subgraph's schema. */
  context?: GatewayContext;
}

/** A subgraph fetch that has ended. */
export interface SubgraphResponse {
  subgraph: string;
  /** Wall time of the fetch, in seconds. */
  seconds: number;
  /** `ok`, `http_<status>` for a non-2xx answer, `timeout` or `unreachable`. */
  outcome: string;
  context?: GatewayContext;
}

/** One subgraph HTTP exchange about to be sent: what goes on the wire, and the incoming operation's context. */
export interface SubgraphFetch {
  subgraph: string;
  /** The JSON body (query, variables, operation name). */
  body: string;
  /** Headers as plugins set them (identity token, request id). */
  headers: Readonly<Record<string, string>>;
  /** A mutation: never to be shared or repeated. */
  mutation: boolean;
  /** Absent when the gateway loads a subgraph's schema. */
  context?: GatewayContext;
}

/** A subgraph's HTTP answer, its body read as text (each caller parses its own copy). */
export interface SubgraphAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** Server settings a feature owns; gateway.ts merges them across plugins (a later plugin's value wins). */
export interface ServerSettings {
  /** Largest request body, in bytes; larger ones get 413 before parsing (kit serveHttp, default 1 MiB). */
  maxBodyBytes?: number;
  /** Most operations in one batched POST; 1 (the default) turns batching off. */
  maxBatchLength?: number;
  /** Most lexical tokens in one document; the parser stops past it. */
  maxTokens?: number;
  /** Apollo's APQ store (`persistedQueries`). Default: Apollo's in-memory cache, to which clients may add. */
  persistedQueries?: PersistedQueryOptions | false;
  /** Apollo's store of parsed and validated documents, keyed by hash before parsing. Default: Apollo's in-memory LRU. */
  documentStore?: DocumentStore;
}

/**
 * One gateway feature (`useX(options)` returns one). Each hook is optional so a feature declares only what it
 * touches; gateway.ts is the one place that wires them, in order.
 */
export interface GatewayPlugin {
  name: string;
  /**
   * Runs first for every HTTP request (any path and method): may set response headers, or answer the request
   * itself and return true (nothing else then runs for it).
   */
  onHttpRequest?(req: IncomingMessage, res: ServerResponse): boolean;
  /** Plain HTTP routes served next to /graphql. */
  routes?: Route[];
  /** Settings of the HTTP layer and of Apollo Server this feature needs. */
  server?: ServerSettings;
  /**
   * Runs once per HTTP request to /graphql, when its context has been built and before the body is parsed: the
   * cheapest place to refuse. Throw a GraphQLError (with `extensions.http` for the status) to refuse the request.
   */
  onContext?(context: GatewayContext, req: IncomingMessage): void | Promise<void>;
  /** Hooks into Apollo Server's request lifecycle. */
  apollo?: ApolloServerPlugin<GatewayContext>;
  /**
   * Runs when an operation's query plan is known, before any of its fetches; throw a GraphQLError to refuse the
   * operation (it becomes the whole response). `context` is the operation's own: Apollo copies the HTTP request's
   * context for each operation (of a batch too), and its hooks see the same copy as `contextValue`.
   */
  onQueryPlan?(plan: Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'], context: GatewayContext): void;
  /** Runs before each subgraph fetch; throwing fails that fetch only (its error lands in the response). */
  onSubgraphRequest?(request: SubgraphRequest): void | Promise<void>;
  /** Runs after each subgraph fetch (answered or failed); must not throw. */
  onSubgraphResponse?(response: SubgraphResponse): void;
  /** Wraps the HTTP exchange of each subgraph fetch (e.g. to share one in flight); calls `send` or answers itself. */
  wrapSubgraphFetch?(fetch: SubgraphFetch, send: () => Promise<SubgraphAnswer>): Promise<SubgraphAnswer>;
}
