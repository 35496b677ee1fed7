import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityKeys, Role, startSubgraph, type IdentityKeys, type RunningSubgraph } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { composeSubgraphs } from '@gridhub/registry';
import { testDatabase, type TestDatabase } from '@gridhub/kit/testing';
import { startGateway, type RunningGateway } from '../index';
import type { SupergraphFeed } from './registry-source';

const admin = { subject: 'u1', role: Role.SUBDISTRICT_ADMIN };
const DEAD_URL = 'http://127.0.0.1:9/graphql';

async function query(gw: RunningGateway, text: string) {
  const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function until(fn: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await fn())) {
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A registry in memory: versions are appended by the test. */
class MemoryFeed implements SupergraphFeed {
  readonly versions: string[] = [];
  async headVersion() {
    return this.versions.length || undefined;
  }
  async version(version: number) {
    const sdl = this.versions[version - 1];
    return sdl === undefined ? undefined : { version, supergraphSdl: sdl };
  }
}

describe('supergraph sources', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  let keys: IdentityKeys;
  let supergraphAt: (url: string) => string;
  let dir: string;

  beforeAll(async () => {
    db = testDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'gridhub-supergraph-'));
    keys = await createIdentityKeys();
    sg = await startSubgraph(community, { database: db.config, identity: { publicKeys: keys.publicJwks } });
    await sg.db.query(`INSERT INTO community (id, code, name, kind, subdistrictId, station, address) VALUES (1, 'C01', 'East Gate', 'COMMUNITY', 1, 'East Gate station', '1 East Road')`);
    supergraphAt = (url) => {
      const composed = composeSubgraphs([{ name: 'community', url, sdl: sg.sdl, owner: null, tier: null, platform: null }]);
      if (!composed.ok) throw new Error(JSON.stringify(composed.errors));
      return composed.supergraphSdl;
    };
  });
  afterAll(async () => {
    await sg?.stop(0);
    await db?.cleanup(['community']);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('registry', () => {
    let gw: RunningGateway;
    const feed = new MemoryFeed();
    afterAll(() => gw?.stop(0));

    it('starts with the newest version while its subgraph is unreachable, answering SUBGRAPH_UNAVAILABLE rather than failing', async () => {
      feed.versions.push(supergraphAt(DEAD_URL));
      gw = await startGateway({ identityKeys: keys, authenticate: () => admin, supergraph: { kind: 'registry', registry: feed, pollIntervalMs: 50 } });
      expect(gw.supergraphVersion).toBe(1);
      const res = await query(gw, '{ communities { name } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    });

    it('refuses a version that does not build and keeps serving the last good one', async () => {
      feed.versions.push('type Query { this is not a supergraph');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(gw.supergraphVersion).toBe(1);
      const ready = await fetch(gw.url.replace('/graphql', '/readyz')).then((r) => r.json());
      expect(ready).toMatchObject({ status: 'loaded', supergraphVersion: 1 });
    });

    it('swaps to the next good version within a poll or two', async () => {
      feed.versions.push(supergraphAt(sg.url));
      await until(() => gw.supergraphVersion === 3);
      expect(await query(gw, '{ communities { name } }')).toEqual({ data: { communities: [{ name: 'East Gate' }] } });
    });

    it('at start, falls back past a newest version that does not build', async () => {
      const broken = new MemoryFeed();
      broken.versions.push(supergraphAt(sg.url), 'not a supergraph');
      const other = await startGateway({ identityKeys: keys, authenticate: () => admin, supergraph: { kind: 'registry', registry: broken, pollIntervalMs: 50 } });
      try {
        expect(other.supergraphVersion).toBe(1);
        expect((await query(other, '{ communities { name } }')).data).toEqual({ communities: [{ name: 'East Gate' }] });
      } finally {
        await other.stop(0);
      }
    });

    it('refuses to start from an empty registry', async () => {
      await expect(startGateway({ identityKeys: keys, supergraph: { kind: 'registry', registry: new MemoryFeed() } })).rejects.toThrow(/no supergraph version yet/);
    });
  });

  describe('file', () => {
    let gw: RunningGateway;
    const file = () => join(dir, 'supergraph.graphql');
    const servedId = async () => ((await fetch(gw.url.replace('/graphql', '/readyz')).then((r) => r.json())) as { supergraphId: string }).supergraphId;
    afterAll(() => gw?.stop(0));

    it('serves the file and reloads it when it changes', async () => {
      writeFileSync(file(), supergraphAt(sg.url));
      gw = await startGateway({ identityKeys: keys, authenticate: () => admin, supergraph: { kind: 'file', path: file(), pollIntervalMs: 100 } });
      expect((await query(gw, '{ communities { name } }')).data).toEqual({ communities: [{ name: 'East Gate' }] });
      const first = await servedId();

      writeFileSync(file(), supergraphAt(DEAD_URL));
      await until(async () => (await servedId()) !== first);
      expect((await query(gw, '{ communities { name } }')).errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    });

    it('refuses a file that does not build (e.g. half-written) and keeps the last good supergraph', async () => {
      const before = await servedId();
      const good = supergraphAt(sg.url);
      writeFileSync(file(), good.slice(0, good.length / 2));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await servedId()).toBe(before);

      writeFileSync(file(), good);
      await until(async () => (await servedId()) !== before);
      expect((await query(gw, '{ communities { name } }')).data).toEqual({ communities: [{ name: 'East Gate' }] });
    });
  });
});
