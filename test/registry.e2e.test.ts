import { Role, startSubgraph, type RunningSubgraph } from '@gridhub/kit';
import { runSupergraphPrint } from '@gridhub/cli';
import { testDatabase, testDialects, type TestDatabase } from '@gridhub/kit/testing';
import { startHiveGateway } from './src/bench/hive-gateway';
import { startTestHub, type TestHub } from './src/hub';
import { testSubgraph } from './src/test-subgraph';
import { sleep, steadyLoad, until } from './src/steady-load';

describe.each(testDialects())('registry and hot swap through the hub (%s)', (dialect) => {
  let t: TestHub;
  let pluginDb: TestDatabase;
  let plugin: RunningSubgraph;
  let origin: string;

  const admin = async (path: string, body?: unknown, token: string | null = t.adminToken) => {
    const res = await fetch(`${origin}/admin${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text) as Record<string, never> };
  };
  const testFieldVisible = async () => {
    const res = await t.query<{ grid: { testField: string | null } }>('{ grid(id: 1) { testField } }');
    return !res.errors && res.data?.grid.testField === 'grid 1 seen by the plug-in';
  };
  const testFieldGone = async () => {
    const res = await t.query('{ grid(id: 1) { testField } }');
    return res.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED';
  };

  beforeAll(async () => {
    t = await startTestHub(dialect, { registryPollIntervalMs: 500 });
    origin = t.hub.gateway.url.replace(/\/graphql$/, '');
    // The plug-in runs on its own (as a vendor's would), trusting the hub's gateway key; it has no tables.
    pluginDb = testDatabase('sqlite');
    plugin = await startSubgraph(testSubgraph, { database: pluginDb.config, identity: { publicKeys: t.hub.identityKeys.publicJwks } });
  });
  afterAll(async () => {
    await t?.stop();
    await plugin?.stop().catch(() => undefined);
    await pluginDb?.cleanup([]);
  });

  it('bootstraps the registry with the static tiers and serves its version 1', async () => {
    const history = await t.hub.registry.history();
    expect(history).toEqual([expect.objectContaining({ version: 1, actor: 'hub:bootstrap', action: 'publish', subgraphs: Object.keys(t.hub.subgraphs).sort() })]);
    expect(t.hub.gateway.supergraphVersion).toBe(1);
    const ready = await fetch(`${origin}/readyz`).then((r) => r.json());
    expect(ready).toMatchObject({ status: 'loaded', supergraphVersion: 1 });
  });

  it('the admin API is for SUBDISTRICT_ADMIN only: 401 without or with a bad token, 403 for other roles', async () => {
    expect(await admin('/subgraphs', undefined, null)).toMatchObject({ status: 401, body: { ok: false, errors: [{ code: 'UNAUTHENTICATED' }] } });
    expect(await admin('/subgraphs', undefined, 'not-a-token')).toMatchObject({ status: 401, body: { errors: [{ code: 'UNAUTHENTICATED' }] } });
    const staff = await t.token({ subject: 'staff', role: Role.COMMUNITY_STAFF, communityIds: [1] });
    expect(await admin('/subgraphs/publish', { subgraph: { name: 'x', url: 'http://127.0.0.1:1/graphql' } }, staff)).toMatchObject({
      status: 403,
      body: { errors: [{ code: 'FORBIDDEN' }] },
    });
    const auditor = await t.token({ subject: 'audit', role: Role.AUDITOR });
    expect((await admin('/supergraph/history', undefined, auditor)).status).toBe(403);
    expect(await admin('/subgraphs/publish', { nothing: true })).toMatchObject({ status: 400, body: { errors: [{ code: 'BAD_USER_INPUT' }] } });
    expect(await t.hub.registry.headVersion()).toBe(1);
    const list = await admin('/subgraphs');
    expect(list.status).toBe(200);
    expect((list.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(Object.keys(t.hub.subgraphs).sort());
  });

  it('publishing a plug-in under steady load makes its field answerable within 10 s with zero failed requests; rollback removes it, also with none', async () => {
    const load = steadyLoad(t);
    await sleep(500); // the stream is flowing before the swap
    const before = load.stats.requests;
    const start = performance.now();
    // No SDL given: the registry fetches it from the plug-in's _service, with a signed identity token.
    const published = await admin('/subgraphs/publish', { subgraph: { name: 'gridtest', url: plugin.url, owner: 'test vendor', tier: 'partner' } });
    const publishRequestMs = performance.now() - start;
    expect(published).toMatchObject({ status: 201, body: { ok: true, version: { version: 2, subgraphs: expect.arrayContaining(['gridtest']) } } });
    expect(published.body.changes).toContainEqual(expect.objectContaining({ severity: 'SAFE', location: 'Grid.testField' }));
    await until(testFieldVisible, 10_000);
    const publishMs = performance.now() - start;
    await sleep(500);
    const duringPublish = load.stats.requests - before;
    expect(t.hub.gateway.supergraphVersion).toBe(2);

    const beforeRollback = load.stats.requests;
    const rollbackStart = performance.now();
    const rolledBack = await admin('/supergraph/rollback', { version: 1 });
    expect(rolledBack).toMatchObject({ status: 201, body: { ok: true, version: { version: 3, action: 'rollback', rolledBackFrom: 1 } } });
    await until(testFieldGone, 10_000);
    const rollbackMs = performance.now() - rollbackStart;
    await sleep(500);
    const stats = await load.stop();
    const duringRollback = stats.requests - beforeRollback;

    console.log(
      `[${dialect}] hot swap under load (8 concurrent loops, poll 500 ms): publish (request ${Math.round(publishRequestMs)} ms) → field answerable ${Math.round(publishMs)} ms after it started ` +
        `(${duringPublish} requests in the window); rollback → field gone in ${Math.round(rollbackMs)} ms (${duringRollback} requests); ` +
        `${stats.requests} requests in all, ${stats.failures.length} failed`,
    );
    expect(stats.failures).toEqual([]);
    // The stream kept flowing through both swaps (8 loops: ~8 requests in flight at any moment).
    expect(duringPublish).toBeGreaterThan(20);
    expect(duringRollback).toBeGreaterThan(20);
    expect(publishMs).toBeLessThan(10_000);
    expect(t.hub.gateway.supergraphVersion).toBe(3);
  });

  it('refuses a subgraph redefining Person.name as Int with the composition error; the live version and served schema stay', async () => {
    const head = await t.hub.registry.headVersion();
    const served = t.hub.gateway.supergraphSdl;
    const rogue = await admin('/subgraphs/publish', {
      subgraph: {
        name: 'rogue',
        url: 'http://127.0.0.1:9/graphql',
        sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])\ntype Person @key(fields: "id") { id: ID! name: Int @shareable }',
      },
    });
    expect(rogue.status).toBe(422);
    expect(rogue.body).toMatchObject({ ok: false });
    expect(rogue.body.errors).toContainEqual(expect.objectContaining({ code: 'COMPOSITION_ERROR', reason: 'FIELD_TYPE_MISMATCH', location: 'Person.name' }));
    expect((rogue.body.errors as { message: string }[])[0]!.message).toMatch(/Person\.name/);
    await sleep(1_200); // two poll intervals: nothing to pick up
    expect(await t.hub.registry.headVersion()).toBe(head);
    expect(t.hub.gateway.supergraphSdl).toBe(served);
    const person = await t.query<{ person: { name: string } }>('{ person(id: 1) { name } }');
    expect(typeof person.data?.person.name).toBe('string');
  });

  it('a check of a change removing a field is reported as breaking, with its location, and changes nothing', async () => {
    const community = t.hub.subgraphs.community!;
    const sdl = community.sdl.replace(/(type Grid [^{]*\{[^}]*?)\n\s*code: String!/, '$1');
    expect(sdl).not.toBe(community.sdl);
    const head = await t.hub.registry.headVersion();
    const check = await admin('/subgraphs/check', { subgraph: { name: 'community', url: community.url, sdl } });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ok: false, errors: [{ code: 'BREAKING_CHANGE', location: 'Grid.code', message: 'Grid.code was removed.' }] });
    expect(await t.hub.registry.headVersion()).toBe(head);
    const publish = await admin('/subgraphs/publish', { subgraph: { name: 'community', url: community.url, sdl } });
    expect(publish).toMatchObject({ status: 422, body: { errors: [{ code: 'BREAKING_CHANGE', location: 'Grid.code' }] } });
  });

  describe('with the plug-in published again', () => {
    const crossQuery = '{ communities { name grids { id name testField } } }';

    beforeAll(async () => {
      const published = await admin('/subgraphs/publish', { subgraph: { name: 'gridtest', url: plugin.url } });
      if (published.status !== 201) throw new Error(`publish refused: ${JSON.stringify(published.body)}`);
      await until(testFieldVisible, 10_000);
    });

    it('`gridhub supergraph print` is served by Hive Gateway, which answers a cross-subgraph query with the same data', async () => {
      let sdl = '';
      const code = await runSupergraphPrint({ database: t.database, dataDir: t.dataDir, out: (text) => (sdl += text), err: () => undefined }, {});
      expect(code).toBe(0);
      expect(sdl).toBe((await t.hub.registry.current())!.supergraphSdl);

      const hive = await startHiveGateway(sdl, t.hub);
      try {
        const ours = await t.query(crossQuery);
        const theirs = await fetch(hive.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
          body: JSON.stringify({ query: crossQuery }),
        }).then((r) => r.json() as Promise<{ data?: { communities: { grids: { testField: string }[] }[] }; errors?: unknown }>);
        expect(ours.errors).toBeUndefined();
        expect(theirs.errors).toBeUndefined();
        expect(theirs.data!.communities.flatMap((c) => c.grids)).toHaveLength(93);
        expect(theirs.data!.communities[0]!.grids[0]!.testField).toMatch(/seen by the plug-in/);
        expect(theirs.data).toEqual(ours.data);

        // Without a client token Hive Gateway mints no identity, and our subgraphs refuse it.
        const anonymous = await fetch(hive.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ grid(id: 1) { name } }' }) }).then(
          (r) => r.json() as Promise<{ data?: { grid: unknown } | null; errors?: unknown[] }>,
        );
        expect(anonymous.data?.grid ?? null).toBeNull();
        expect(JSON.stringify(anonymous.errors)).toMatch(/identity/);
      } finally {
        await hive.stop();
      }
    });

    it('a query touching a stopped subgraph returns the other subgraphs\' data with an error for the missing part', async () => {
      await plugin.stop();
      const res = await t.query<{ grid: { name: string; testField: string | null } }>('{ grid(id: 1) { name testField } }');
      expect(res.data?.grid.name).toEqual(expect.any(String));
      expect(res.data?.grid.testField).toBeNull();
      expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'gridtest' }) })]);
      // The rest of the graph is unaffected.
      expect((await t.query('{ communities { name } }')).errors).toBeUndefined();
    });
  });
});

