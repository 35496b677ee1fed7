import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * The heavy nested workload of the public graphql-gateways-benchmark, rebuilt from its published description: four
 * Federation subgraphs (accounts, inventory, products, reviews) answering from memory, and one query that walks
 * users → reviews → product → reviews → author → reviews → product (and the same from the top products), so one
 * operation fans out into a dozen entity fetches across all four and returns ~87 KB. The data and the code are ours.
 */

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';

/** Review text of a realistic length (the public benchmark's bodies are long paragraphs): sized for a ~87 KB answer. */
const BODY_WORDS = 'the lamp arrived well packed and the finish matches the photos the switch is stiff at first but the light is warm and even across the desk'.split(' ');
const body = (i: number, words: number) => Array.from({ length: words }, (_, k) => BODY_WORDS[(i * 7 + k) % BODY_WORDS.length]).join(' ');

const USERS = Array.from({ length: 6 }, (_, i) => ({ id: String(i + 1), name: `User ${i + 1}`, username: `user${i + 1}`, birthday: 1970 + i * 5 }));
const PRODUCTS = Array.from({ length: 6 }, (_, i) => ({ upc: String(i + 1), name: ['Desk lamp', 'Chair', 'Table', 'Shelf', 'Couch', 'Rug'][i]!, price: 150 + i * 400, weight: 2 + i * 9 }));
/** Every user wrote two reviews; every product has two. */
const REVIEWS = Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), body: body(i, 120), authorId: USERS[i % USERS.length]!.id, upc: PRODUCTS[(i * 5) % PRODUCTS.length]!.upc }));

interface Definition {
  name: string;
  typeDefs: string;
  resolvers: Record<string, Record<string, unknown>>;
}

const byId = <T>(list: T[], key: keyof T) => new Map(list.map((x) => [String(x[key]), x]));
const users = byId(USERS, 'id');
const products = byId(PRODUCTS, 'upc');

export const NESTED_SUBGRAPHS: Definition[] = [
  {
    name: 'accounts',
    typeDefs: `${FEDERATION}
      type Query { me: User users: [User] user(id: ID!): User }
      type User @key(fields: "id") { id: ID! name: String username: String birthday: Int }`,
    resolvers: {
      Query: { me: () => USERS[0], users: () => USERS, user: (_: unknown, { id }: { id: string }) => users.get(id) },
      User: { __resolveReference: (ref: { id: string }) => users.get(ref.id) },
    },
  },
  {
    name: 'products',
    typeDefs: `${FEDERATION}
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
    resolvers: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
      Product: { __resolveReference: (ref: { upc: string }) => products.get(ref.upc) },
    },
  },
  {
    name: 'inventory',
    typeDefs: `${FEDERATION}
      type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref, inStock: Number(ref.upc) % 3 !== 0 }),
        // Free shipping above 1,000; otherwise by weight.
        shippingEstimate: (p: { price?: number; weight?: number }) => ((p.price ?? 0) > 1000 ? 0 : Math.round((p.weight ?? 0) * 0.5)),
      },
    },
  },
  {
    name: 'reviews',
    typeDefs: `${FEDERATION}
      type Review @key(fields: "id") { id: ID! body: String author: User product: Product }
      type User @key(fields: "id") { id: ID! reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: {
        __resolveReference: (ref: { id: string }) => REVIEWS.find((r) => r.id === ref.id),
        author: (r: { authorId: string }) => ({ __typename: 'User', id: r.authorId }),
        product: (r: { upc: string }) => ({ __typename: 'Product', upc: r.upc }),
      },
      User: { reviews: (u: { id: string }) => REVIEWS.filter((r) => r.authorId === u.id) },
      Product: { reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.upc === p.upc) },
    },
  },
];

export const NESTED_QUERY = `fragment U on User { id username name }
fragment R on Review { id body }
fragment P on Product { inStock name price shippingEstimate upc weight }
query Nested {
  users { ...U reviews { ...R product { ...P reviews { ...R author { ...U reviews { ...R product { ...P } } } } } } }
  topProducts { ...P reviews { ...R author { ...U reviews { ...R product { ...P } } } } }
}`;

/** The supergraph of the four subgraphs at the given URLs (composition errors throw). */
export function composeNested(urls: Record<string, string>): string {
  const result = composeServices(NESTED_SUBGRAPHS.map((s) => ({ name: s.name, url: urls[s.name]!, typeDefs: parse(s.typeDefs) })));
  if (result.errors?.length) throw new Error(`nested supergraph does not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl!;
}

export interface RunningNestedSubgraph {
  url: string;
  /** GraphQL requests answered so far. */
  readonly served: number;
  stop(): Promise<void>;
}

/**
 * One subgraph on a bare `node:http` server with parsed and validated documents cached by text: the subgraphs should
 * cost as little as possible, so the gateways' own work is what the workload tells apart.
 */
export async function serveNestedSubgraph(name: string, port = 0): Promise<RunningNestedSubgraph> {
  const definition = NESTED_SUBGRAPHS.find((s) => s.name === name);
  if (!definition) throw new Error(`no nested subgraph ${name}`);
  const schema: GraphQLSchema = buildSubgraphSchema([{ typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers as never }]);
  const documents = new Map<string, DocumentNode>();
  let served = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      served++;
      const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown>; operationName?: string };
      let document = documents.get(query);
      let result: unknown;
      if (!document) {
        document = parse(query);
        const errors = validate(schema, document);
        if (errors.length) result = { errors };
        else documents.set(query, document);
      }
      void Promise.resolve(result ?? execute({ schema, document, variableValues: variables, operationName })).then((answer) => {
        const text = JSON.stringify(answer);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get served() {
      return served;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
