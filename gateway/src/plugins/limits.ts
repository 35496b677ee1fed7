import { badInput, DEFAULT_PAGE_SIZE, GridhubError, MAX_PAGE_SIZE } from '@gridhub/kit';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import { measureOperation, type OperationShape } from './operation-shape';
import type { GatewayPlugin } from './plugin';

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
  /** Items assumed for a plain list field (no page-size argument) when estimating cost. Default 10. */
  listSize?: number;
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
  pageArguments: ['first', 'last'],
  maxTokens: 10_000,
  maxBodyBytes: 1024 * 1024,
  maxBatchLength: 1,
  ignoreIntrospection: true,
};

export type LimitRule = 'depth' | 'aliases' | 'rootFields' | 'cost';

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

/**
 * Refuses operations too deep, too wide, asking for too large pages or too costly (list sizes multiplied through),
 * once Apollo has parsed and validated them and before any subgraph is called. The document itself is bounded
 * earlier: body size by the HTTP layer, token count by the parser, batch length by both (see `server`).
 */
export function useLimits(options: LimitsOptions = {}): GatewayPlugin {
  const limits: Required<LimitsOptions> = { ...DEFAULT_LIMITS, ...options };
  const shapeOptions = { pageArguments: limits.pageArguments, defaultPageSize: DEFAULT_PAGE_SIZE, listSize: limits.listSize, ignoreIntrospection: limits.ignoreIntrospection };
  return {
    name: 'limits',
    server: { maxBodyBytes: limits.maxBodyBytes, maxBatchLength: limits.maxBatchLength, maxTokens: limits.maxTokens },
    apollo: {
      async requestDidStart() {
        return {
          async didResolveOperation({ schema, document, operation, request }) {
            if (!operation) return; // no such operation: Apollo refuses it (OPERATION_RESOLUTION_FAILURE) before executing
            const fragments = new Map<string, FragmentDefinitionNode>();
            for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
            const shape = measureOperation(schema, operation, fragments, request.variables ?? {}, shapeOptions);
            const refusal = checkShape(shape, limits);
            if (refusal) throw refusal;
          },
        };
      },
    },
  };
}
