import {
  buildClientSchema, getIntrospectionQuery, getNamedType, getNullableType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType,
  isScalarType, isUnionType, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema, type IntrospectionQuery,
} from 'graphql';
import { identityHeaders } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type GraphqlResponse, type TestHub } from './src/hub';

/**
 * Issue 12, item 5: a malformed id is BAD_USER_INPUT, never INTERNAL (it once reached SQL as `NaN`). Generated from
 * the schemas: every `ID` position of every root field's arguments (inside input objects and lists too), through the
 * gateway and straight to each subgraph, and every entity type's `_entities` representation straight to its subgraphs.
 */

const MALFORMED = ['abc', 'NaN', '1.5', '-1', '1e3', ' 7', '0x10', '', '99999999999999999999', '1; DROP TABLE person'];
/** Representations are JSON (`_Any`): ids of other JSON types too. */
const MALFORMED_REPRESENTED: unknown[] = [...MALFORMED, ['1'], { id: 1 }, 1.5, -1, null, true];

/** Values of the scalars besides the built-in ones that a generated request must fill in. */
const SCALARS: Record<string, unknown> = { DateTimeISO: '2026-01-01T00:00:00Z' };

interface Case {
  where: string;
  query: string;
  variables: Record<string, unknown>;
}

type Path = (string | number)[];

/** A value of `type` with its required parts filled in and `bad` at `path` (null: a part off the path, well-formed). */
function valueOf(type: GraphQLInputType, path: Path | null, bad: string): unknown {
  const bare = getNullableType(type);
  if (isListType(bare)) return [valueOf(bare.ofType, path && path.slice(1), bad)];
  if (isInputObjectType(bare)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(bare.getFields())) {
      if (path && f.name === path[0]) out[f.name] = valueOf(f.type, path.slice(1), bad);
      else if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = valueOf(f.type, null, bad);
    }
    return out;
  }
  if (isEnumType(bare)) return bare.getValues()[0]!.value;
  if (!isScalarType(bare)) throw new Error(`unexpected input type ${String(bare)}`);
  if (bare.name === 'ID') return path?.length === 0 ? bad : '1';
  const builtIn: Record<string, unknown> = { String: 'xxxx', Int: 1, Float: 1, Boolean: true };
  const v = builtIn[bare.name] ?? SCALARS[bare.name];
  if (v === undefined) throw new Error(`no sample value for scalar ${bare.name}: add it to SCALARS`);
  return v;
}

/** Every path to an `ID` inside a value of `type` (`[]`: the value itself; a list step is `0`). */
function idPaths(type: GraphQLInputType, seen = new Set<string>()): Path[] {
  const bare = getNullableType(type);
  if (isListType(bare)) return idPaths(bare.ofType, seen).map((p) => [0, ...p]);
  if (isScalarType(bare)) return bare.name === 'ID' ? [[]] : [];
  if (!isInputObjectType(bare) || seen.has(bare.name)) return [];
  const inner = new Set(seen).add(bare.name);
  return Object.values(bare.getFields()).flatMap((f) => idPaths(f.type, inner).map((p) => [f.name, ...p]));
}

function casesOf(schema: GraphQLSchema, label: string): Case[] {
  const cases: Case[] = [];
  const roots: [string, GraphQLObjectType | null | undefined][] = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]];
  for (const [kind, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      for (const arg of field.args) {
        for (const [n, path] of idPaths(arg.type).entries()) {
          // One malformed value per position, in turn: every value meets many positions, every position one value.
          const bad = MALFORMED[(cases.length + n) % MALFORMED.length]!;
          const args = field.args.filter((a) => a === arg || (isNonNullType(a.type) && a.defaultValue === undefined));
          const variables = Object.fromEntries(args.map((a) => [a.name, valueOf(a.type, a === arg ? path : null, bad)]));
          const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
          cases.push({
            where: `${label} ${kind} ${field.name}(${[arg.name, ...path].join('.')} = ${JSON.stringify(bad)})`,
            query: `${kind}(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')}) { ${field.name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')}) ${selection} }`,
            variables,
          });
        }
      }
    }
  }
  return cases;
}

/** What is wrong with an answer to a request holding a malformed id (nothing: BAD_USER_INPUT and no other kind of failure). */
function problemOf(answer: GraphqlResponse, path: Path): string | null {
  const errors = answer.errors ?? [];
  const uncoded = errors.find((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL');
  if (uncoded) return `${String(uncoded.extensions?.code)}: ${uncoded.message}`;
  const mine = errors.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
  if (mine?.extensions?.code !== 'BAD_USER_INPUT') return `expected BAD_USER_INPUT at ${path.join('.')}, got ${JSON.stringify(errors.map((e) => [e.path, e.extensions?.code, e.message]))}`;
  return null;
}

describe.each(testDialects())('malformed ids are BAD_USER_INPUT everywhere (%s)', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(dialect, { seed: false });
  }, 180_000);
  afterAll(async () => t?.stop());

  const post = async (url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>) =>
    (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })).json()) as GraphqlResponse;

  const subgraphSchema = async (name: string) => {
    const s = t.hub.subgraphs[name]!;
    const headers = await identityHeaders(t.hub.identityKeys, { subject: 'admin', role: 'SUBDISTRICT_ADMIN' as never, name: 'admin' }, name);
    const answer = await post(s.url, headers, getIntrospectionQuery(), {});
    return { url: s.url, headers, schema: buildClientSchema(answer.data as unknown as IntrospectionQuery) };
  };

  test('through the gateway: every ID argument of every root field', async () => {
    const answer = await t.query<IntrospectionQuery>(getIntrospectionQuery());
    const cases = casesOf(buildClientSchema(answer.data!), 'gateway');
    expect(cases.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const c of cases) {
      const field = /\{ (\w+)/.exec(c.query)![1]!;
      const problem = problemOf(await t.query(c.query, c.variables), [field]);
      if (problem) problems.push(`${c.where}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  test('through the gateway: an explicit null for every nullable argument of every root field is never INTERNAL', async () => {
    const answer = await t.query<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(answer.data!);
    const problems: string[] = [];
    let cases = 0;
    for (const [kind, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        for (const arg of field.args.filter((a) => !isNonNullType(a.type))) {
          cases++;
          const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
          const args = [...required, arg];
          const variables = { ...Object.fromEntries(required.map((a) => [a.name, valueOf(a.type, null, '1')])), [arg.name]: null };
          const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
          const query = `${kind}(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')}) { ${field.name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')}) ${selection} }`;
          const bad = ((await t.query(query, variables)).errors ?? []).find((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL');
          if (bad) problems.push(`${kind} ${field.name}(${arg.name}: null): ${String(bad.extensions?.code)} ${bad.message}`);
        }
      }
    }
    expect(cases).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  test('straight to each subgraph: every ID argument, and every entity type in _entities', async () => {
    const problems: string[] = [];
    let entityCases = 0;
    for (const name of Object.keys(t.hub.subgraphs)) {
      const { url, headers, schema } = await subgraphSchema(name);
      for (const c of casesOf(schema, name)) {
        const field = /\{ (\w+)/.exec(c.query)![1]!;
        const problem = problemOf(await post(url, headers, c.query, c.variables), [field]);
        if (problem) problems.push(`${c.where}: ${problem}`);
      }
      const entity = schema.getType('_Entity');
      for (const type of isUnionType(entity) ? entity.getTypes() : []) {
        for (const bad of MALFORMED_REPRESENTED) {
          entityCases++;
          // The malformed representation between two well-formed ones: only its own entry fails.
          const representations = [{ __typename: type.name, id: '1' }, { __typename: type.name, id: bad }, { __typename: type.name, id: '2' }];
          const query = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
          const answer = await post(url, headers, query, { r: representations });
          const problem = problemOf(answer, ['_entities', 1]);
          if (problem) problems.push(`${name} _entities ${type.name} id ${JSON.stringify(representations[1]!.id)}: ${problem}`);
          else if (answer.errors!.some((e) => e.extensions?.code === 'BAD_USER_INPUT' && JSON.stringify(e.path) !== '["_entities",1]'))
            problems.push(`${name} _entities ${type.name}: a well-formed representation failed as malformed`);
        }
      }
    }
    expect(entityCases).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
