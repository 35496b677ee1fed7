import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ArgumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface ShapeOptions {
  /** Arguments that set a list's page size (`first`, `last`). */
  pageArguments: readonly string[];
  /** Items assumed for a paginated field called without a page size (kit's DEFAULT_PAGE_SIZE). */
  defaultPageSize: number;
  /** Items assumed for a plain list field (one with no page-size argument) that `listSizes` does not name. */
  listSize: number;
  /** The bound of a plain list field, by `Type.field`: what its resolver can return at most. */
  listSizes: Readonly<Record<string, number>>;
  /** Leave `__schema`, `__type` and `__typename` out of every measure (introspection is answered by the gateway alone). */
  ignoreIntrospection: boolean;
}

/** The largest page size an operation asks for, and where. */
export interface PageRequest {
  /** `Type.field` the argument is on. */
  field: string;
  argument: string;
  value: number;
}

/** What the limits are checked against; fragments are expanded, so a spread counts wherever it is used. */
export interface OperationShape {
  /** Deepest chain of nested fields: `{ a { b } }` is 2. */
  depth: number;
  aliases: number;
  /** Fields selected at the root of the operation. */
  rootFields: number;
  /**
   * Estimated cost: every field costs 1, and the cost of a list field's selection is multiplied by its size
   * (its `first`/`last`, else `defaultPageSize` for a paginated field, or the plain list's bound in `listSizes`, else
   * `listSize`). Variables are read after coercion, so a default (`$n: Int = 500`) counts as if sent. The lists of
   * a connection (`edges`, `nodes`) count once: their size is already the connection field's page size.
   */
  cost: number;
  largestPage?: PageRequest;
}

interface Measure {
  depth: number;
  aliases: number;
  fields: number;
  cost: number;
}

const ZERO: Measure = { depth: 0, aliases: 0, fields: 0, cost: 0 };

/** A Relay connection type: the size of its lists is set by the field returning it. */
const isConnection = (type: GraphQLNamedType | undefined): boolean =>
  isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();

/**
 * Measures one operation of a validated document. Linear in the document's size: each fragment is measured once,
 * however often it is spread (a fragment's measures do not depend on where it is used).
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  /** The operation's variables after coercion (defaults filled in): `getVariableValues(…).coerced`. */
  variables: Readonly<Record<string, unknown>>,
  options: ShapeOptions,
): OperationShape {
  const measuredFragments = new Map<string, Measure>();
  let largestPage: PageRequest | undefined;

  const intValue = (arg: ArgumentNode): number | undefined => {
    const value = arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : arg.value.kind === Kind.INT ? Number(arg.value.value) : undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };

  /** How many times a field's selection is resolved: its list size, or 1 for a single value. */
  const multiplier = (args: readonly ArgumentNode[], parent: GraphQLNamedType, def: GraphQLField<unknown, unknown>): number => {
    const paginated = def.args.some((a) => options.pageArguments.includes(a.name));
    if (paginated) {
      let size: number | undefined;
      for (const arg of args) {
        if (!options.pageArguments.includes(arg.name.value)) continue;
        const value = intValue(arg);
        if (value === undefined) continue;
        size = Math.max(size ?? 0, value);
        if (!largestPage || value > largestPage.value) largestPage = { field: `${parent.name}.${def.name}`, argument: arg.name.value, value };
      }
      return Math.max(size ?? options.defaultPageSize, 0);
    }
    if (!isListType(getNullableType(def.type))) return 1;
    return isConnection(parent) ? 1 : (options.listSizes[`${parent.name}.${def.name}`] ?? options.listSize);
  };

  const measure = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Measure => {
    const total = { ...ZERO };
    const add = (m: Measure) => {
      total.depth = Math.max(total.depth, m.depth);
      total.aliases += m.aliases;
      total.fields += m.fields;
      total.cost += m.cost;
    };
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          const name = selection.name.value;
          if (options.ignoreIntrospection && name.startsWith('__')) {
            if (selection.alias) total.aliases++;
            break;
          }
          const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
          const child = selection.selectionSet ? measure(selection.selectionSet, def && getNamedType(def.type)) : ZERO;
          const times = def && parent ? multiplier(selection.arguments ?? [], parent, def) : 1;
          add({ depth: 1 + child.depth, aliases: (selection.alias ? 1 : 0) + child.aliases, fields: 1, cost: 1 + times * child.cost });
          break;
        }
        case Kind.INLINE_FRAGMENT:
          add(measure(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? undefined : parent));
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          let m = measuredFragments.get(name);
          if (!m) {
            // Validation has ruled out cycles; the placeholder keeps an unvalidated cycle from recursing forever.
            measuredFragments.set(name, ZERO);
            const fragment = fragments.get(name);
            m = fragment ? measure(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined) : ZERO;
            measuredFragments.set(name, m);
          }
          add(m);
          break;
        }
      }
    }
    return total;
  };

  const root = measure(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
  return { depth: root.depth, aliases: root.aliases, rootFields: root.fields, cost: root.cost, largestPage };
}
