import { testDatabase, testDialects, type TestDatabase } from '@gridhub/kit/testing';
import { openRegistry, REGISTRY_DATABASE, type Registry, type SubgraphInput } from './index';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const people = (extra = '', tag = 'ELDERLY DISABLED', personArg = 'id: ID!'): SubgraphInput => ({
  name: 'people',
  url: 'http://127.0.0.1:1/graphql',
  owner: 'community team',
  tier: 'community',
  sdl: `${LINK}
    type Query { person(${personArg}): Person persons(tag: Tag): [Person!]! }
    type Person @key(fields: "id") { id: ID! name: String! nickname: String ${extra} }
    enum Tag { ${tag} }`,
});
const visits: SubgraphInput = {
  name: 'visits',
  url: 'http://127.0.0.1:2/graphql',
  sdl: `${LINK}\n type Person @key(fields: "id") { id: ID! visits: Int! }`,
};

describe.each(testDialects())('registry (%s)', (dialect) => {
  let db: TestDatabase;
  let registry: Registry;

  beforeAll(async () => {
    db = testDatabase(dialect);
    registry = await openRegistry({ database: db.config });
  });
  afterAll(async () => {
    await registry?.close();
    await db?.cleanup([REGISTRY_DATABASE]);
  });

  it('starts empty', async () => {
    expect(await registry.current()).toBeUndefined();
    expect(await registry.headVersion()).toBeUndefined();
    expect(await registry.history()).toEqual([]);
    expect(await registry.list()).toEqual([]);
  });

  it('publishes a first version and keeps the subgraph set, SDLs and who published it', async () => {
    const result = await registry.publish(people(), 'alice');
    expect(result).toMatchObject({ ok: true, unchanged: false, version: { version: 1, actor: 'alice', action: 'publish', subgraphs: ['people'] } });
    const current = await registry.current();
    expect(current?.supergraphSdl).toContain('join__Graph');
    expect(current?.subgraphs).toEqual([expect.objectContaining({ name: 'people', owner: 'community team', tier: 'community', platform: null, sdl: people().sdl })]);
    expect(current?.createdAt).toBeInstanceOf(Date);
  });

  it('publishing the same subgraph again writes no version', async () => {
    const result = await registry.publish(people(), 'alice');
    expect(result).toMatchObject({ ok: true, unchanged: true, version: { version: 1 } });
    expect(await registry.headVersion()).toBe(1);
  });

  it('refuses a subgraph that does not compose, with the composition error and its location, and changes nothing', async () => {
    const conflicting = { name: 'rogue', url: 'http://127.0.0.1:3/graphql', sdl: `${LINK}\n type Person @key(fields: "id") { id: ID! name: Int @shareable }` };
    const check = await registry.check({ kind: 'publish', subgraphs: [conflicting] });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors[0]).toMatchObject({ code: 'COMPOSITION_ERROR', location: 'Person.name' });
    expect(check.errors[0]!.reason).toMatch(/FIELD_TYPE_MISMATCH|INVALID_FIELD_SHARING/);
    expect((await registry.publish(conflicting, 'mallory')).ok).toBe(false);
    expect(await registry.headVersion()).toBe(1);
  });

  it.each([
    ['a removed field', people().sdl!.replace('nickname: String', ''), 'Person.nickname', 'FIELD_REMOVED'],
    ['a retyped field', people().sdl!.replace('nickname: String', 'nickname: Int'), 'Person.nickname', 'FIELD_CHANGED_KIND'],
    ['a removed enum value', people().sdl!.replace('ELDERLY DISABLED', 'ELDERLY'), 'Tag.DISABLED', 'VALUE_REMOVED_FROM_ENUM'],
    ['a nullable argument made non-null', people().sdl!.replace('persons(tag: Tag)', 'persons(tag: Tag!)'), 'Query.persons(tag:)', 'ARG_CHANGED_KIND'],
  ])('reports %s as breaking, with its location, and publishes it only with allowBreaking', async (_what, sdl, location, type) => {
    const change = { ...people(), sdl };
    const check = await registry.check({ kind: 'publish', subgraphs: [change] });
    expect(check).toMatchObject({ ok: false, errors: [{ code: 'BREAKING_CHANGE', location }], changes: [expect.objectContaining({ severity: 'BREAKING', type, location })] });
    const head = await registry.headVersion();
    expect((await registry.publish(change, 'bob')).ok).toBe(false);
    expect(await registry.headVersion()).toBe(head);
    const allowed = await registry.check({ kind: 'publish', subgraphs: [change] }, { allowBreaking: true });
    expect(allowed).toMatchObject({ ok: true, changes: [expect.objectContaining({ severity: 'BREAKING', location })] });
  });

  it('lists additions as safe changes and says what changed in the version', async () => {
    const result = await registry.publish([people('email: String'), visits], 'carol');
    expect(result).toMatchObject({ ok: true, version: { version: 2, subgraphs: ['people', 'visits'] } });
    if (!result.ok) return;
    expect(result.changes.map((c) => `${c.severity} ${c.location}`).sort()).toEqual(['SAFE Person.email', 'SAFE Person.visits']);
    expect(result.version.summary).toBe('publish ~people +visits (0 breaking, 0 dangerous, 2 safe changes)');
  });

  it('checks a removal like any change: removing fields clients use is breaking', async () => {
    const check = await registry.check({ kind: 'remove', name: 'visits' });
    expect(check).toMatchObject({ ok: false, errors: [{ code: 'BREAKING_CHANGE', location: 'Person.visits' }] });
    expect(await registry.remove('nobody', 'dave')).toMatchObject({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
    const removed = await registry.remove('visits', 'dave', { allowBreaking: true });
    expect(removed).toMatchObject({ ok: true, version: { version: 3, action: 'remove', subgraphs: ['people'] } });
    expect(await registry.remove('people', 'dave', { allowBreaking: true })).toMatchObject({ ok: false, errors: [{ code: 'EMPTY_GRAPH' }] });
  });

  it('rolls back by copying an earlier version as the newest, and keeps the whole history', async () => {
    const v2 = await registry.version(2);
    const result = await registry.rollback(2, 'erin');
    expect(result).toMatchObject({ ok: true, version: { version: 4, action: 'rollback', rolledBackFrom: 2, subgraphs: ['people', 'visits'] } });
    const current = await registry.current();
    expect(current?.supergraphSdl).toBe(v2?.supergraphSdl);
    expect(await registry.rollback(4, 'erin')).toMatchObject({ ok: false, errors: [{ code: 'INVALID_INPUT' }] });
    expect(await registry.rollback(99, 'erin')).toMatchObject({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
    const history = await registry.history();
    expect(history.map((h) => [h.version, h.action, h.actor])).toEqual([[4, 'rollback', 'erin'], [3, 'remove', 'dave'], [2, 'publish', 'carol'], [1, 'publish', 'alice']]);
    expect(history[0]!.summary).toMatch(/^rollback to version 2/);
    expect(await registry.history({ limit: 2 })).toHaveLength(2);
  });

  it('two publishes racing for the same version number both land, one after the other', async () => {
    const a = { name: 'alpha', url: 'http://127.0.0.1:4/graphql', sdl: `${LINK}\n type Person @key(fields: "id") { id: ID! alpha: Int }` };
    const b = { name: 'beta', url: 'http://127.0.0.1:5/graphql', sdl: `${LINK}\n type Person @key(fields: "id") { id: ID! beta: Int }` };
    const [ra, rb] = await Promise.all([registry.publish(a, 'x'), registry.publish(b, 'y')]);
    expect(ra.ok && rb.ok).toBe(true);
    expect(await registry.headVersion()).toBe(6);
    expect((await registry.list()).map((s) => s.name)).toEqual(['alpha', 'beta', 'people', 'visits']);
  });

  it('refuses malformed input before composing', async () => {
    const bad = await registry.check({
      kind: 'publish',
      subgraphs: [
        { name: 'Bad Name', url: 'http://x/graphql', sdl: 'type Query { a: Int }' },
        { name: 'ftp', url: 'ftp://x/graphql', sdl: 'type Query { a: Int }' },
        { name: 'broken', url: 'http://x/graphql', sdl: 'type Query {' },
      ],
    });
    expect(bad).toMatchObject({ ok: false, errors: [{ code: 'INVALID_INPUT' }, { code: 'INVALID_INPUT' }, { code: 'INVALID_SDL', subgraph: 'broken' }] });
    const unreachable = await registry.check({ kind: 'publish', subgraphs: [{ name: 'gone', url: 'http://127.0.0.1:9/graphql' }] });
    expect(unreachable).toMatchObject({ ok: false, errors: [{ code: 'SDL_FETCH_FAILED', subgraph: 'gone' }] });
  });
});
