import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { badInput, DEFAULT_PAGE_SIZE, GridhubError, MAX_PAGE_SIZE } from '@gridhub/kit';
import { getVariableValues, Kind, type FragmentDefinitionNode } from 'graphql';
import { measureOperation, type OperationShape } from './operation-shape';
import type { GatewayContext, GatewayPlugin } from './plugin';

export interface LimitsOptions {
  /** Deepest chain of nested fields (`{ a { b } }` is 2). Default 12. */
  maxDepth?: number;
  /** Aliased fields in one operation, fragments expanded. Default 30. */
  maxAliases?: number;
  /** Fields at the root of one operation. Default 20. */
  maxRootFields?: number;
  /** Largest `first`/`last` a list may be asked for. Default 500, kit's MAX_PAGE_SIZE (subgraphs refuse more anyway). */
  maxPageSize?: number;
  /** Estimated cost, list sizes multiplied through (see `OperationShape.cost`). Default 50,000. */
  maxCost?: number;
  /** Items assumed for a plain list field (no page-size argument) that `listSizes` does not name. Default 10. */
  listSize?: number;
  /**
   * The most items each plain list field can hold, by `Type.field` (its real bound, not a typical size). Default
   * `HUB_LIST_SIZES`, the hub's own lists; given lists are added to those.
   */
  listSizes?: Readonly<Record<string, number>>;
  /**
   * Subgraph fetches one operation may plan (the fetch nodes of its query plan; each runs once, entity fetches being
   * batched). Past it the operation is refused before any fetch, QUERY_TOO_COMPLEX rule `fetches`. Default 25.
   */
  maxFetches?: number;
  /** Arguments that set a page size. Default `first` and `last`. */
  pageArguments?: string[];
  /**
   * Lexical tokens in one document, enforced by the parser before validation, so a huge document costs no more
   * than this to refuse (refused as GRAPHQL_PARSE_FAILED, "Document contains more than N tokens"). Default 10,000.
   */
  maxTokens?: number;
  /** Largest request body in bytes: larger ones get 413 QUERY_TOO_COMPLEX before parsing. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Operations in one batched POST (a JSON array). Default 1: batching is off (a batch is refused as BAD_REQUEST),
   * since one HTTP request would otherwise carry many operations' worth of work. Above 1, Apollo's batching is on and
   * longer batches get 400 QUERY_TOO_COMPLEX; every operation in a batch is still checked on its own.
   */
  maxBatchLength?: number;
  /** Leave introspection fields out of every measure (they reach no subgraph; production turns introspection off). Default true. */
  ignoreIntrospection?: boolean;
}

export const DEFAULT_LIMITS: Required<LimitsOptions> = {
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxPageSize: MAX_PAGE_SIZE,
  maxCost: 50_000,
  listSize: 10,
  listSizes: {},
  maxFetches: 25,
  pageArguments: ['first', 'last'],
  maxTokens: 10_000,
  maxBodyBytes: 1024 * 1024,
  maxBatchLength: 1,
  ignoreIntrospection: true,
};

/**
 * The hub's plain lists that can grow past `listSize`, at the most one subdistrict holds (the reference subdistrict
 * of DESIGN.md has 11 communities, 93 current and 115 retired grids, buildings of up to ~70 houses) with headroom.
 * A caller sees at most its own subdistrict, so these do not grow with the number of subdistricts served.
 */
export const HUB_LIST_SIZES: Readonly<Record<string, number>> = {
  'Query.subdistricts': 10,
  'Query.communities': 20,
  'Query.grids': 250,
  'Query.complexes': 60,
  'Query.departments': 50,
  'Query.eventCategories': 100,
  'Query.platforms': 20,
  'Subdistrict.communities': 20,
  'Subdistrict.departments': 50,
  'Subdistrict.platforms': 20,
  'Community.grids': 30,
  'Community.gridWorkers': 20,
  'Community.organizations': 50,
  'Community.complexes': 10,
  'Grid.buildings': 30,
  'GridWorker.grids': 30,
  'ResidentialComplex.buildings': 60,
  'ResidentialComplex.accessDevices': 100,
  'ResidentialComplex.cameras': 100,
  'Building.houses': 100,
  'Person.careVisits': 50,
  'GridEvent.history': 50,
  'EventCategory.children': 50,
  'EventCategory.policies': 20,
  'GovernanceStats.byCommunity': 20,
  'GovernanceStats.byGrid': 250,
  'GovernanceStats.byCategory': 100,
  'IngestResult.rejections': 1_000,
};

/** Approximate bytes of parsed documents kept (Apollo's estimate); the query plans of the gateway likewise (gateway.ts). */
export const DOCUMENT_CACHE_BYTES = 2 * 2 ** 20;

/** The rules an operation is refused by as QUERY_TOO_COMPLEX here (the HTTP layer adds bodySize and batchSize). */
export const LIMIT_RULES = ['depth', 'aliases', 'rootFields', 'cost', 'fetches'] as const;
export type LimitRule = (typeof LIMIT_RULES)[number];

const tooComplex = (rule: LimitRule, limit: number, actual: number, message: string) =>
  new GridhubError('QUERY_TOO_COMPLEX', message, { rule, limit, actual, http: { status: 400 } });

/** The first limit an operation's shape exceeds, as the error to refuse it with; undefined when within every limit. */
export function checkShape(shape: OperationShape, limits: Required<LimitsOptions>): GridhubError | undefined {
  const { depth, aliases, rootFields, cost, largestPage } = shape;
  if (depth > limits.maxDepth) return tooComplex('depth', limits.maxDepth, depth, `the operation nests fields ${depth} deep; at most ${limits.maxDepth} is allowed`);
  if (aliases > limits.maxAliases) return tooComplex('aliases', limits.maxAliases, aliases, `the operation uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`);
  if (rootFields > limits.maxRootFields)
    return tooComplex('rootFields', limits.maxRootFields, rootFields, `the operation selects ${rootFields} root fields; at most ${limits.maxRootFields} are allowed`);
  if (largestPage && largestPage.value > limits.maxPageSize) {
    // The same code and shape the subgraphs answer with (kit `pageSize`), so clients handle one error either way.
    return badInput(`\`${largestPage.argument}\` must be at most ${limits.maxPageSize} (${largestPage.field} asks for ${largestPage.value})`, {
      field: largestPage.argument,
      max: limits.maxPageSize,
      rule: 'pageSize',
      limit: limits.maxPageSize,
      actual: largestPage.value,
      http: { status: 400 },
    });
  }
  if (cost > limits.maxCost)
    return tooComplex('cost', limits.maxCost, cost, `the operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed (ask for smaller pages or fewer nested lists)`);
  return undefined;
}

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
type PlanNode = NonNullable<QueryPlan['node']>;

/** Fetch nodes of a plan, both branches of a condition and every deferred part included: the most it can fetch. */
export function countFetches(node: PlanNode | undefined): number {
  if (!node) return 0;
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((n, child) => n + countFetches(child), 0);
    case 'Flatten':
      return countFetches(node.node);
    case 'Condition':
      return countFetches(node.ifClause) + countFetches(node.elseClause);
    case 'Defer':
      return countFetches(node.primary.node) + node.deferred.reduce((n, d) => n + countFetches(d.node), 0);
    case 'Subscription':
      return 1 + countFetches(node.rest);
  }
}

/** What `extensions.cost` shows a client that asked for it. */
export interface CostReport {
  /** The estimated cost the limit is checked against (see `OperationShape.cost`), and that limit. */
  estimated: number;
  limit: number;
  /** Subgraph fetches planned, and their limit. */
  fetches?: number;
  maxFetches: number;
}

/** A client asks for `extensions.cost` with `"extensions": { "cost": true }` in the request, or the header `gridhub-cost: 1`. */
export const COST_HEADER = 'gridhub-cost';

/**
 * Refuses operations too deep, too wide, asking for too large pages, too costly (list sizes multiplied through,
 * variables coerced with their defaults) or planning too many subgraph fetches, before any subgraph is called. The
 * document itself is bounded earlier: body size by the HTTP layer, token count by the parser, batch length by both
 * (see `server`). The cost is shown in `extensions.cost` to a client that asks (`COST_HEADER`), and charged to the
 * caller's budget (`hooks.charge`).
 */
export function useLimits(
  options: LimitsOptions = {},
  /** `charge` spends an accepted operation's cost from its caller's budget (`useRateLimit`); it may refuse it. */
  hooks: { charge?(context: GatewayContext, cost: number): Promise<void> } = {},
): GatewayPlugin {
  const limits: Required<LimitsOptions> = { ...DEFAULT_LIMITS, ...options, listSizes: { ...HUB_LIST_SIZES, ...options.listSizes } };
  const shapeOptions = {
    pageArguments: limits.pageArguments,
    defaultPageSize: DEFAULT_PAGE_SIZE,
    listSize: limits.listSize,
    listSizes: limits.listSizes,
    ignoreIntrospection: limits.ignoreIntrospection,
  };
  // Per operation (keyed by its own copy of the context): the cost report, which the plan hook completes.
  const reports = new WeakMap<GatewayContext, CostReport>();
  return {
    name: 'limits',
    server: {
      maxBodyBytes: limits.maxBodyBytes,
      maxBatchLength: limits.maxBatchLength,
      maxTokens: limits.maxTokens,
      // Parsed documents are cached by hash; every distinct document a client makes up takes a place, so the cache is
      // kept small (Apollo's default is ~30 MiB): a flood of unique documents must not hold memory (hostile suite).
      documentStore: new InMemoryLRUCache({ maxSize: DOCUMENT_CACHE_BYTES }),
    },
    onQueryPlan(plan, context) {
      const fetches = countFetches(plan.node);
      const report = reports.get(context);
      if (report) report.fetches = fetches;
      if (fetches > limits.maxFetches)
        throw tooComplex('fetches', limits.maxFetches, fetches, `the operation needs ${fetches} subgraph fetches; at most ${limits.maxFetches} are allowed (select fewer fields from other subgraphs)`);
    },
    apollo: {
      async requestDidStart({ request, contextValue }) {
        const wantsCost = request.extensions?.cost === true || request.http?.headers.get(COST_HEADER) === '1';
        return {
          async didResolveOperation({ schema, document, operation }) {
            if (!operation) return; // no such operation: Apollo refuses it (OPERATION_RESOLUTION_FAILURE) before executing
            // Coerced as execution will coerce them: a default counts like a sent value, and a value that cannot be
            // coerced is refused here rather than measured as absent.
            const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
            if (variables.errors) throw badInput(variables.errors[0]!.message, { rule: 'variables', http: { status: 400 } });
            const fragments = new Map<string, FragmentDefinitionNode>();
            for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
            const shape = measureOperation(schema, operation, fragments, variables.coerced, shapeOptions);
            if (wantsCost) reports.set(contextValue, { estimated: shape.cost, limit: limits.maxCost, maxFetches: limits.maxFetches });
            const refusal = checkShape(shape, limits);
            if (refusal) throw refusal;
            await hooks.charge?.(contextValue, shape.cost);
          },
          async willSendResponse({ response }) {
            const report = reports.get(contextValue);
            if (report && response.body.kind === 'single') response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
          },
        };
      },
    },
  };
}
