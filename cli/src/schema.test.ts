import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { testDatabase, type TestDatabase } from '@gridhub/kit/testing';
import { runSubgraphPublish, runSubgraphRemove, type RegistryCommandContext } from './registry-commands';
import { API_SCHEMA_FILE, driftedSchemaFiles, runSchemaDiff, runSchemaPrint, schemaFiles, schemasFromCode, subgraphSchemaFile, type CodeSchemas } from './schema';

describe('committed schema files', () => {
  let schemas: CodeSchemas;
  beforeAll(async () => {
    schemas = await schemasFromCode();
  });

  it('are what the code defines (otherwise run `pnpm schema` and commit the result)', () => {
    const drifted = driftedSchemaFiles(schemaFiles(schemas));
    const advice = drifted.length ? `${drifted.join(', ')} drifted from the code: run \`pnpm schema\` and commit the result` : undefined;
    expect(advice).toBeUndefined();
  });

  it('notice a field added to a subgraph without regenerating', () => {
    const added = { ...schemas, subgraphs: { ...schemas.subgraphs, community: schemas.subgraphs.community!.replace('type Query {', 'type Query {\n  addedWithoutRegenerating: String') } };
    expect(added.subgraphs.community).not.toBe(schemas.subgraphs.community);
    expect(driftedSchemaFiles(schemaFiles(added))).toEqual([subgraphSchemaFile('community')]);
  });

  it('hold the API schema clients compile against: descriptions, the public root fields, no federation machinery', () => {
    const api = schemas.api;
    expect(api).toMatch(/"""Every community and village of the subdistrict"""\s+communities: \[Community!\]!/);
    for (const root of ['subdistrict(', 'communities:', 'persons(', 'events(', 'event(', 'governanceStats(', 'powerLines', 'treeHazards(', 'transitionEvent(', 'reportEvent('])
      expect(api).toContain(`  ${root}`);
    expect(api).not.toMatch(/join__|link__|@key|_entities|_service|_Any/);
    expect(Object.keys(schemaFiles(schemas))).toEqual([API_SCHEMA_FILE, ...['community', 'subdistrict', 'complex', 'powergrid'].map(subgraphSchemaFile)]);
  });
});

describe('gridhub schema print / diff', () => {
  const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
  let db: TestDatabase;
  let dir: string;
  let out: string[];
  let err: string[];
  let ctx: RegistryCommandContext;
  const publish = async (name: string, sdl: string, allowBreaking = false) => {
    const path = join(dir, `${name}.graphql`);
    writeFileSync(path, `${LINK}\n${sdl}`);
    return runSubgraphPublish(ctx, name, { url: `http://127.0.0.1:4001/${name}`, sdl: path, allowBreaking, actor: 'tester' });
  };

  beforeAll(() => {
    db = testDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'gridhub-schema-'));
  });
  beforeEach(() => {
    out = [];
    err = [];
    ctx = { database: db.config, dataDir: dir, out: (t) => out.push(t), err: (t) => err.push(t) };
  });
  afterAll(async () => {
    await db?.cleanup([REGISTRY_DATABASE]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the API schema of the current or a given version, with descriptions and without federation', async () => {
    expect(await runSchemaPrint(ctx, {})).toBe(1);
    expect(await publish('people', 'type Query { "A person by id" person(id: ID!): Person } type Person @key(fields: "id") { id: ID! name: String! nickname: String }')).toBe(0);
    expect(await publish('places', 'type Query { places: [String!]! }')).toBe(0);
    out.length = 0;
    expect(await runSchemaPrint(ctx, {})).toBe(0);
    expect(out[0]).toContain('"""A person by id"""\n  person(id: ID!): Person');
    expect(out[0]).toContain('places: [String!]!');
    expect(out[0]).not.toMatch(/join__|@key/);
    out.length = 0;
    expect(await runSchemaPrint(ctx, { version: 1 })).toBe(0);
    expect(out[0]).not.toContain('places');
  });

  it('lists the changes between two versions in client terms and exits 1 when one is breaking', async () => {
    // version 3: Person.nickname removed, Person.age added (breaking for clients selecting nickname).
    expect(await publish('people', 'type Query { "A person by id" person(id: ID!): Person } type Person @key(fields: "id") { id: ID! name: String! age: Int }', true)).toBe(0);
    out.length = 0;
    expect(await runSchemaDiff(ctx, 2, 3)).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/\(1 breaking\)/);
    expect(text).toMatch(/BREAKING\s+Person\.nickname\s+.*operations selecting it no longer validate/);
    expect(text).toMatch(/SAFE\s+Person\.age\s+.*new: available to operations/);
    out.length = 0;
    expect(await runSchemaDiff(ctx, 1, 2, { json: true })).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual([expect.objectContaining({ severity: 'SAFE', location: 'Query.places', impact: 'new: available to operations' })]);
    expect(await runSubgraphRemove(ctx, 'places', { actor: 'tester' })).toBe(1); // removing a root field is breaking: refused
    expect(await runSchemaDiff(ctx, 3, 9)).toBe(1);
    expect(err.join('\n')).toMatch(/no supergraph version 9/);
  });
});
