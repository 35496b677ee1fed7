import { buildSchema, getOperationAST, Kind, parse, validate, type FragmentDefinitionNode } from 'graphql';
import { checkShape, DEFAULT_LIMITS } from './limits';
import { measureOperation, type OperationShape } from './operation-shape';

const schema = buildSchema(`
  type Query { grid(id: ID!): Grid  grids: [Grid!]!  persons(first: Int, last: Int, after: String): PersonConnection! }
  type Grid { id: ID! name: String! successor: Grid  buildings: [Building!]!  residents(first: Int): PersonConnection! }
  type Building { id: ID! houses: [House!]! }
  type House { id: ID! }
  type PersonConnection { edges: [PersonEdge!]!  pageInfo: PageInfo!  totalCount: Int! }
  type PersonEdge { cursor: String! node: Person! }
  type PageInfo { hasNextPage: Boolean! }
  type Person { id: ID! name: String! grid: Grid! }
`);

const options = { pageArguments: ['first', 'last'], defaultPageSize: 20, listSize: 10, listSizes: { 'Building.houses': 100 }, ignoreIntrospection: true };

function shapeOf(text: string, variables: Record<string, unknown> = {}): OperationShape {
  const document = parse(text);
  expect(validate(schema, document)).toEqual([]);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return measureOperation(schema, getOperationAST(document)!, fragments, variables, options);
}

describe('measureOperation', () => {
  it('counts depth, aliases and root fields, through fragments', () => {
    expect(shapeOf('{ grid(id: 1) { name } }')).toMatchObject({ depth: 2, aliases: 0, rootFields: 1 });
    expect(shapeOf('{ a: grid(id: 1) { n: name } b: grid(id: 2) { ...G } } fragment G on Grid { successor { x: name } }')).toMatchObject({
      depth: 3,
      aliases: 4,
      rootFields: 2,
    });
    expect(shapeOf('{ ...Q } fragment Q on Query { grids { id } persons { totalCount } }')).toMatchObject({ rootFields: 2, depth: 2 });
  });

  it('leaves introspection out, except that its aliases count', () => {
    expect(shapeOf('{ __typename t: __typename grid(id: 1) { __typename } __schema { types { fields { type { ofType { name } } } } } }')).toMatchObject({
      depth: 1,
      aliases: 1,
      rootFields: 1,
      cost: 1,
    });
  });

  it('costs 1 a field and multiplies a list by its page size, a connection\'s edges counting once', () => {
    expect(shapeOf('{ grid(id: 1) { id name } }').cost).toBe(3);
    // grids: 1 + 10 × (id + buildings: 1 + 10 × (houses: 1 + 100 × id)); houses is bounded by `listSizes`, the rest by `listSize`
    expect(shapeOf('{ grids { id buildings { houses { id } } } }').cost).toBe(1 + 10 * (1 + (1 + 10 * (1 + 100 * 1))));
    // persons(first: 5): 1 + 5 × (edges: 1 + (node: 1 + (id 1)) + totalCount 1)
    expect(shapeOf('{ persons(first: 5) { edges { node { id } } totalCount } }').cost).toBe(1 + 5 * (1 + (1 + 1) + 1));
    // no page size given: the default page size (20)
    expect(shapeOf('{ persons { totalCount } }').cost).toBe(1 + 20);
    expect(shapeOf('query($n: Int) { persons(first: $n) { totalCount } }', { n: 300 }).cost).toBe(1 + 300);
    const fragment = shapeOf('{ persons(first: 2) { ...P } } fragment P on PersonConnection { edges { node { grid { residents(first: 3) { totalCount } } } } }');
    expect(fragment.cost).toBe(1 + 2 * (1 + (1 + (1 + (1 + 3 * 1)))));
  });

  it('reports the largest page asked for, from literals and variables', () => {
    expect(shapeOf('{ persons(first: 5) { totalCount } }').largestPage).toEqual({ field: 'Query.persons', argument: 'first', value: 5 });
    expect(shapeOf('query($n: Int) { persons(last: $n) { edges { node { grid { residents(first: 7) { totalCount } } } } } }', { n: 900 }).largestPage).toEqual({
      field: 'Query.persons',
      argument: 'last',
      value: 900,
    });
    expect(shapeOf('{ grids { id } }').largestPage).toBeUndefined();
  });

  it('measures each fragment once, so a fragment bomb is linear to measure', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice…: 2^40 expanded fields, measured in microseconds.
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Grid { id }` : `fragment F${i} on Grid { ...F${i + 1} successor { ...F${i + 1} } }`,
    );
    const started = Date.now();
    const shape = shapeOf(`{ grid(id: 1) { ...F0 } } ${fragments.join(' ')}`);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(shape.depth).toBe(levels + 1);
    expect(shape.cost).toBeGreaterThan(2 ** 39);
  });
});

describe('checkShape', () => {
  const within: OperationShape = { depth: 12, aliases: 30, rootFields: 20, cost: 50_000, largestPage: { field: 'Query.persons', argument: 'first', value: 500 } };
  it.each([
    ['depth', { depth: 13 }, 'QUERY_TOO_COMPLEX', 12, 13],
    ['aliases', { aliases: 31 }, 'QUERY_TOO_COMPLEX', 30, 31],
    ['rootFields', { rootFields: 21 }, 'QUERY_TOO_COMPLEX', 20, 21],
    ['cost', { cost: 50_001 }, 'QUERY_TOO_COMPLEX', 50_000, 50_001],
    ['pageSize', { largestPage: { field: 'Query.persons', argument: 'first', value: 501 } }, 'BAD_USER_INPUT', 500, 501],
  ] as const)('refuses %s over the default limit', (rule, over, code, limit, actual) => {
    expect(checkShape(within, DEFAULT_LIMITS)).toBeUndefined();
    const error = checkShape({ ...within, ...over }, DEFAULT_LIMITS);
    expect(error?.extensions).toMatchObject({ code, rule, limit, actual });
  });
});
