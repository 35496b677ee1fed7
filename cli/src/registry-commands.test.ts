import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY_DATABASE } from '@gridhub/registry';
import { testDatabase, testDialects, type TestDatabase } from '@gridhub/kit/testing';
import {
  runSubgraphCheck, runSubgraphList, runSubgraphPublish, runSubgraphRemove, runSupergraphHistory, runSupergraphPrint, runSupergraphRollback,
  type RegistryCommandContext,
} from './registry-commands';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

describe.each(testDialects())('gridhub subgraph / supergraph commands (%s)', (dialect) => {
  let db: TestDatabase;
  let dir: string;
  let out: string[];
  let err: string[];
  let ctx: RegistryCommandContext;
  const sdlFile = (name: string, sdl: string) => {
    const path = join(dir, `${name}.graphql`);
    writeFileSync(path, `${LINK}\n${sdl}`);
    return path;
  };

  beforeAll(() => {
    db = testDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'gridhub-cli-'));
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

  it('print and list say so when nothing is published', async () => {
    expect(await runSupergraphPrint(ctx, {})).toBe(1);
    expect(err.join()).toMatch(/no supergraph published yet/);
    expect(await runSubgraphList(ctx)).toBe(0);
  });

  it('publish → list → print', async () => {
    const people = sdlFile('people', 'type Query { person(id: ID!): Person } type Person @key(fields: "id") { id: ID! name: String! nickname: String }');
    expect(await runSubgraphPublish(ctx, 'people', { url: 'http://127.0.0.1:4001/graphql', sdl: people, owner: 'vendor a', actor: 'tester' })).toBe(0);
    expect(out.join('\n')).toMatch(/published version 1: publish \+people/);
    out.length = 0;
    expect(await runSubgraphList(ctx, { json: true })).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual([{ name: 'people', url: 'http://127.0.0.1:4001/graphql', owner: 'vendor a', tier: null, platform: null }]);
    out.length = 0;
    expect(await runSupergraphPrint(ctx, {})).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^schema\s*@link/);
    expect(out[0]).toContain('join__Graph');
    expect(err.join()).toMatch(/supergraph version 1 \(people\)/);
  });

  it('check reports a breaking change with its location and exits 1; --allow-breaking passes and lists it', async () => {
    const noPhone = sdlFile('people-2', 'type Query { person(id: ID!): Person } type Person @key(fields: "id") { id: ID! name: String! }');
    const opts = { url: 'http://127.0.0.1:4001/graphql', sdl: noPhone };
    expect(await runSubgraphCheck(ctx, 'people', opts)).toBe(1);
    expect(err.join('\n')).toMatch(/BREAKING_CHANGE at Person\.nickname: Person\.nickname was removed\./);
    expect(await runSubgraphCheck(ctx, 'people', { ...opts, allowBreaking: true })).toBe(0);
    expect(out.join('\n')).toMatch(/passes: would become version 2[\s\S]*BREAKING\s+Person\.nickname/);
    expect(await runSubgraphPublish(ctx, 'people', { ...opts, json: true })).toBe(1);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ ok: false, errors: [{ code: 'BREAKING_CHANGE', location: 'Person.nickname' }] });
  });

  it('publish a second subgraph, remove it (breaking, so explicitly), roll back, and read the history', async () => {
    const visits = sdlFile('visits', 'type Person @key(fields: "id") { id: ID! visits: Int! }');
    expect(await runSubgraphPublish(ctx, 'visits', { url: 'http://127.0.0.1:4002/graphql', sdl: visits, actor: 'tester' })).toBe(0);
    expect(await runSubgraphRemove(ctx, 'visits', { actor: 'tester' })).toBe(1);
    expect(await runSubgraphRemove(ctx, 'visits', { actor: 'tester', allowBreaking: true })).toBe(0);
    expect(await runSupergraphRollback(ctx, 2, { actor: 'tester' })).toBe(0);
    expect(out.at(-1)).toMatch(/published version 4: rollback to version 2/);
    out.length = 0;
    expect(await runSupergraphHistory(ctx, {})).toBe(0);
    expect(out.map((l) => l.split(/\s+/)[0])).toEqual(['v4', 'v3', 'v2', 'v1']);
    expect(out[1]).toMatch(/tester\s+remove visits/);
    out.length = 0;
    expect(await runSupergraphPrint(ctx, { version: 3 })).toBe(0);
    expect(out[0]).not.toContain('visits');
    expect(await runSupergraphRollback(ctx, 42, {})).toBe(1);
    expect(err.join()).toMatch(/NOT_FOUND/);
  });
});
