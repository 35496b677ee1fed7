import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createLogger, requestLogPlugin, serveHttp, type Identity, type IdentityKeys, type Logger, type RunningHttp, type ServiceMetrics } from '@gridhub/kit';
import type { Registry } from '@gridhub/registry';
import { SubgraphPools } from './datasources/pools';
import { SubgraphDataSource } from './datasources/subgraph-data-source';
import { useAdmin } from './plugins/admin';
import { useCors, type CorsOptions } from './plugins/cors';
import { useDedup } from './plugins/dedup';
import { formatGatewayError, useOperationResolution } from './plugins/errors';
import { useExplorer, useStaticPage } from './plugins/explorer';
import { useHealth } from './plugins/health';
import { useIdentityTokens } from './plugins/identity';
import { useIngest } from './plugins/ingest';
import { useLimits, type LimitsOptions } from './plugins/limits';
import { useMetrics } from './plugins/metrics';
import type { GatewayContext, GatewayPlugin, ServerSettings, SubgraphAnswer, SubgraphFetch, SubgraphRequest, SubgraphResponse } from './plugins/plugin';
import { useRateLimit, type RateLimitOptions } from './plugins/rate-limit';
import { useRequestId } from './plugins/request-id';
import { useApqLookupOnly, useTrustedDocuments, type TrustedDocumentsOptions } from './plugins/trusted-documents';
import { useSchemaHints } from './plugins/schema-hints';
import { supergraphManagerOf, type SubgraphEndpoint, type SupergraphSource } from './supergraph/source';
import { supergraphSdlOf, type SupergraphState } from './supergraph/state';

export interface GatewayOptions {
  /** The key pair identity tokens for subgraphs are signed with; subgraphs verify them with its public half. */
  identityKeys: IdentityKeys;
  /**
   * Establishes the caller from the incoming request (where client JWT validation plugs in); may throw
   * UNAUTHENTICATED. Without it, or when it returns undefined, operations are anonymous and reach no subgraph.
   */
  authenticate?(req: IncomingMessage): Promise<Identity | undefined> | Identity | undefined;
  /** The subgraphs to introspect and compose at start (unless `supergraph` says otherwise). */
  subgraphs?: SubgraphEndpoint[];
  /** Serve this supergraph source instead of composing `subgraphs` (which are then ignored). */
  supergraph?: SupergraphSource;
  /** The registry the admin API (`/admin/…`, SUBDISTRICT_ADMIN only) works on; without it there is no admin API. */
  registry?: Registry;
  port?: number;
  host?: string;
  log?: Logger;
  /**
   * Per-subgraph fetch timeout in ms (default 10 s): for the response headers, and for each pause in the body; past
   * it, that part of the answer is SUBGRAPH_UNAVAILABLE.
   */
  subgraphTimeoutMs?: number;
  /**
   * Production mode: hide messages of unexpected errors (coded ones are always shown), turn introspection and the
   * explorer off, and rate-limit unless `rateLimit` says otherwise.
   */
  production?: boolean;
  /** Operation limits: depth, aliases, root fields, page size, cost, tokens, body size, batch length (defaults in `DEFAULT_LIMITS`). */
  limits?: LimitsOptions;
  /** Trusted-documents mode: only operations registered in this manifest execute. Off by default. */
  trustedDocuments?: TrustedDocumentsOptions;
  /** Per-identity rate limit. Default: on with `RateLimitOptions` defaults in production mode, off otherwise; `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Which browser origins may call the gateway (CORS). Default: none. */
  cors?: CorsOptions;
  /** Serve the built command-center page (`node web/build.mjs`) from this folder at /command-center/. Default: not served. */
  commandCenterDir?: string;
  /** In-flight deduplication of identical subgraph fetches of the same caller (`useDedup`). Default on. */
  dedup?: boolean;
}

export interface RunningGateway {
  /** The GraphQL endpoint (`…/graphql`). */
  url: string;
  port: number;
  /** The supergraph being served. */
  readonly supergraphSdl: string;
  /** The registry version being served (registry source only; undefined for other sources). */
  readonly supergraphVersion: number | undefined;
  /** Its Prometheus series, served at `/metrics`. */
  readonly metrics: ServiceMetrics;
  /** Reports not-ready, drains requests in flight (up to `graceMs`), then stops. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

/** Loads the supergraph, then serves it; rejects if the supergraph cannot be loaded (e.g. composition errors). */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? createLogger('gateway');
  let state: SupergraphState = { phase: 'loading' };

  const production = options.production ?? false;
  const rateLimit = options.rateLimit ?? (production ? {} : false);
  const supergraph = supergraphManagerOf(options.supergraph ?? { kind: 'subgraphs', subgraphs: options.subgraphs ?? [] }, log);
  // Order matters only within a hook: routes are matched first-registered-first, subgraph hooks run in this order.
  const rateLimiter = rateLimit ? useRateLimit({ onStoreError: (err) => log.warn({ err }, 'rate-limit store unavailable: request let through'), ...rateLimit }) : undefined;
  const trusted = options.trustedDocuments ? useTrustedDocuments(options.trustedDocuments) : undefined;
  const metrics = useMetrics({ supergraphVersion: () => supergraph.served()?.version, operationNames: trusted?.operationNames });
  const plugins: GatewayPlugin[] = [
    ...(options.cors ? [useCors(options.cors)] : []),
    useHealth({ state: () => state, served: () => supergraph.served() }),
    metrics,
    ...(options.registry ? [useAdmin({ registry: options.registry, authenticate: options.authenticate, served: () => supergraph.served() })] : []),
    useIngest({ keys: options.identityKeys, authenticate: options.authenticate, supergraphSdl: () => supergraphSdlOf(state) }),
    ...(rateLimiter ? [rateLimiter] : []),
    useOperationResolution(),
    useLimits(options.limits, { charge: rateLimiter?.charge }),
    // Production is closed: documents registered in a manifest, or APQ lookups that never register; no schema hints.
    ...(trusted ? [trusted] : production ? [useApqLookupOnly()] : []),
    useSchemaHints({ allowed: () => !production }),
    useRequestId(),
    useIdentityTokens({ keys: options.identityKeys }),
    ...((options.dedup ?? true) ? [useDedup({ metrics: metrics.metrics })] : []),
    ...(production ? [] : [useExplorer()]),
    ...(options.commandCenterDir ? [useStaticPage({ path: '/command-center', dir: options.commandCenterDir })] : []),
  ];
  const server: ServerSettings = Object.assign({}, ...plugins.map((p) => p.server));
  const batching = (server.maxBatchLength ?? 1) > 1;
  const onRequest = async (request: SubgraphRequest) => {
    for (const plugin of plugins) await plugin.onSubgraphRequest?.(request);
  };
  const onResponse = (response: SubgraphResponse) => {
    for (const plugin of plugins) plugin.onSubgraphResponse?.(response);
  };
  const wraps = plugins.flatMap((p) => (p.wrapSubgraphFetch ? [p.wrapSubgraphFetch.bind(p)] : []));
  const wrapFetch = (fetch: SubgraphFetch, send: () => Promise<SubgraphAnswer>) => wraps.reduceRight<() => Promise<SubgraphAnswer>>((next, wrap) => () => wrap(fetch, next), send)();
  const pools = new SubgraphPools({ timeoutMs: options.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS });

  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: ({ name, url }) => {
      if (!url) throw new Error(`subgraph ${name} has no URL in the supergraph`);
      return new SubgraphDataSource({ name, url, pools, log, onRequest, onResponse, wrapFetch });
    },
    logger: log,
    // Query plans are cached per distinct document: kept small like the document cache (limits.ts), not Apollo's 30 MiB.
    experimental_approximateQueryPlanStoreMiB: 2,
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      for (const plugin of plugins) plugin.onQueryPlan?.(queryPlan, requestContext.context as GatewayContext);
    },
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    if (state.phase !== 'stopping') state = { phase: 'loaded', supergraphSdl: coreSupergraphSdl };
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Our own offline explorer replaces Apollo's landing page, which loads Sandbox from a CDN.
    // No HTTP cache hints are used anywhere: the cache-control plugin would only cost a hook per resolved field.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), requestLogPlugin(), ...plugins.flatMap((p) => (p.apollo ? [p.apollo] : []))],
    formatError: formatGatewayError(production, log),
    includeStacktraceInErrorResponses: false,
    // The process owner (gridhub start / serve) drains and stops every server in order on SIGINT/SIGTERM.
    stopOnTerminationSignals: false,
    introspection: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: batching,
    parseOptions: { maxTokens: server.maxTokens },
    persistedQueries: server.persistedQueries,
    documentStore: server.documentStore,
    logger: log,
  });
  await apollo.start();

  const context = async (req: IncomingMessage, requestId: string): Promise<GatewayContext> => {
    const ctx: GatewayContext = { requestId, log, identity: await options.authenticate?.(req) };
    for (const plugin of plugins) await plugin.onContext?.(ctx, req);
    return ctx;
  };
  const httpHooks = plugins.flatMap((p) => (p.onHttpRequest ? [p.onHttpRequest] : []));
  let http: RunningHttp;
  try {
    http = await serveHttp(apollo, context, plugins.flatMap((p) => p.routes ?? []), {
      port: options.port,
      host: options.host,
      log,
      maxBodyBytes: server.maxBodyBytes,
      maxBatchLength: batching ? server.maxBatchLength : undefined,
      service: 'gateway',
      requestIds: 'generate',
      intercept: (req, res) => httpHooks.some((hook) => hook(req, res)),
    });
  } catch (err) {
    await apollo.stop();
    await pools.close();
    throw err;
  }
  log.info({ url: http.url }, 'gateway listening');

  return {
    url: http.url,
    port: http.port,
    get supergraphSdl() {
      return supergraphSdlOf(state) ?? '';
    },
    get supergraphVersion() {
      return supergraph.served()?.version;
    },
    metrics: metrics.metrics,
    async stop(graceMs?: number) {
      state = { phase: 'stopping', supergraphSdl: supergraphSdlOf(state) };
      await http.close(graceMs);
      await apollo.stop();
      await pools.close();
    },
  };
}
