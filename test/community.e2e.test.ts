import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type TestHub } from './src/hub';

/** Issue 2 acceptance, through the real gateway over the real community subgraph, seeded at scale 1. */
describe.each(testDialects())('community tier through the gateway (%s)', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(dialect);
  });
  afterAll(() => t?.stop());

  it('communities → grids → residents add up to the reference scale (11 / 93 / 4,835)', async () => {
    const res = await t.query<{ communities: { grids: { residents: { totalCount: number } }[] }[] }>(
      '{ communities { name grids { name residents { totalCount } } } }',
    );
    expect(res.errors).toBeUndefined();
    const communities = res.data!.communities;
    const grids = communities.flatMap((c) => c.grids);
    expect(communities).toHaveLength(11);
    expect(grids).toHaveLength(93);
    expect(grids.reduce((n, g) => n + g.residents.totalCount, 0)).toBe(4835);
  });

  it('answers the whole nested query with a bounded number of statements, whatever the list sizes', async () => {
    const counts = await t.countSql(() => t.query('{ communities { grids { residents(first: 3) { totalCount edges { node { name house { building { name } } } } } coverage { houses } } } }'));
    // communities, grids, residents page, resident counts, current residences, houses, buildings, 2 × coverage
    expect(counts.community).toBeLessThanOrEqual(9);
  });

  it('reports data coverage: houses without residents and persons without a house', async () => {
    const res = await t.query<{ communities: { coverage: { houses: number; housesWithoutResident: number; persons: number; personsWithoutHouse: number } }[] }>(
      '{ communities { coverage { houses housesWithoutResident persons personsWithoutHouse } } }',
    );
    const sum = (k: 'houses' | 'housesWithoutResident' | 'persons' | 'personsWithoutHouse') => res.data!.communities.reduce((n, c) => n + c.coverage[k], 0);
    expect(sum('houses')).toBe(21507);
    expect(sum('persons')).toBe(4835);
    const [[emptyHouses]] = [await t.hub.subgraphs.community!.db.query('SELECT COUNT(*) AS n FROM house h WHERE NOT EXISTS (SELECT 1 FROM residence r WHERE r.houseId = h.id AND r.movedOutAt IS NULL)')];
    expect(sum('housesWithoutResident')).toBe(Number(emptyHouses.n));
    expect(sum('housesWithoutResident')).toBeGreaterThan(10000);
    expect(sum('personsWithoutHouse')).toBeGreaterThan(0);
  });

  it('walks persons(first: 500) to the end visiting every person exactly once', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: { data?: { persons: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } =
        await t.query('query($after: String) { persons(first: 500, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', { after });
      const page = res.data!.persons;
      for (const e of page.edges) {
        expect(seen.has(e.node.id)).toBe(false);
        seen.add(e.node.id);
      }
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.size).toBe(4835);
    expect(pages).toBe(10);
  });

  it('filters persons by grid, tag, name prefix and age, with totalCount', async () => {
    const grid = (await t.query<{ grids: { id: string }[] }>('{ grids { id } }')).data!.grids[0]!.id;
    const res = await t.query<{ persons: { totalCount: number; edges: { node: { age: number; grid: { id: string } } }[] } }>(
      'query($g: ID) { persons(first: 500, filter: { gridId: $g, minAge: 60 }) { totalCount edges { node { age grid { id } } } } }',
      { g: grid },
    );
    const page = res.data!.persons;
    expect(page.totalCount).toBe(page.edges.length);
    for (const e of page.edges) {
      expect(e.node.grid.id).toBe(grid);
      expect(e.node.age).toBeGreaterThanOrEqual(60);
    }
    const elderly = await t.query<{ persons: { totalCount: number } }>('{ persons(filter: { tag: ELDERLY_ALONE }) { totalCount } }');
    expect(elderly.data!.persons.totalCount).toBeGreaterThan(0);
    const wang = await t.query<{ persons: { totalCount: number; edges: { node: { name: string } }[] } }>('{ persons(first: 500, filter: { namePrefix: "王" }) { totalCount edges { node { name } } } }');
    expect(wang.data!.persons.totalCount).toBeGreaterThan(0);
    expect(wang.data!.persons.edges.every((e) => e.node.name.startsWith('王'))).toBe(true);
    const literal = await t.query<{ persons: { totalCount: number } }>('{ persons(filter: { namePrefix: "%" }) { totalCount } }');
    expect(literal.data!.persons.totalCount).toBe(0);
    const bad = await t.query('{ persons(first: 501) { totalCount } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await t.query('{ persons(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  describe('registerPerson', () => {
    const count = async () => (await t.query<{ persons: { totalCount: number } }>('{ persons { totalCount } }')).data!.persons.totalCount;
    const register = (input: Record<string, unknown>) =>
      t.query<{ registerPerson: { id: string; idNumber: string; grid: { id: string; residents: { totalCount: number } } } }>(
        'mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id idNumber sex birthDate grid { id residents(first: 500) { totalCount edges { node { id } } } } } }',
        { input },
      );
    let gridId: string;
    beforeAll(async () => {
      gridId = (await t.query<{ grids: { id: string }[] }>('{ grids { id } }')).data!.grids[5]!.id;
    });

    it.each([
      ['a wrong check digit', { idNumber: '110105194912310021' }, 'idNumber'],
      ['an impossible birth date', { idNumber: '110105194902300028' }, 'idNumber'],
      ['a birthDate that contradicts the number', { idNumber: '11010519491231002X', birthDate: '1950-01-01' }, 'birthDate'],
      ['an invalid phone', { idNumber: '11010519491231002X', phone: '12345' }, 'phone'],
      ['an empty name', { idNumber: '11010519491231002X', name: '  ' }, 'name'],
    ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_label, override, field) => {
      const before = await count();
      const res = await register({ name: '测试人', gridId, ...override });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
      expect(await count()).toBe(before);
    });

    it('refuses an unknown grid or house with NOT_FOUND and writes nothing', async () => {
      const before = await count();
      expect((await register({ name: '测试人', idNumber: '11010519491231002X', gridId: '999999' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await register({ name: '测试人', idNumber: '11010519491231002X', houseId: '999999' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await count()).toBe(before);
    });

    it('registers a valid person, masks the ID number and lists the person among the grid residents', async () => {
      const before = await count();
      const res = await register({ name: '王秀英', idNumber: '11010519491231002X', phone: '13812345678', gridId });
      expect(res.errors).toBeUndefined();
      const person = res.data!.registerPerson;
      expect(person.idNumber).toBe('110105********002X');
      expect(person.grid.id).toBe(gridId);
      expect((person.grid.residents as unknown as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id)).toContain(person.id);
      expect(await count()).toBe(before + 1);
    });

    it('refuses the same ID number twice with CONFLICT', async () => {
      const before = await count();
      const res = await register({ name: '王秀英', idNumber: '11010519491231002X', gridId });
      expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await count()).toBe(before);
    });
  });

  describe('updatePerson, tagPerson, recordCareVisit', () => {
    const first = async () =>
      (await t.query<{ persons: { edges: { node: { id: string; version: number; name: string } }[] } }>('{ persons(first: 1) { edges { node { id version name } } } }')).data!
        .persons.edges[0]!.node;

    it('updates with the current version and refuses a stale one with CONFLICT, changing nothing', async () => {
      const p = await first();
      const ok = await t.query<{ updatePerson: { version: number; name: string } }>(
        'mutation($id: ID!, $v: Int!) { updatePerson(id: $id, expectedVersion: $v, input: { name: "李改名" }) { version name } }',
        { id: p.id, v: p.version },
      );
      expect(ok.data!.updatePerson).toEqual({ version: p.version + 1, name: '李改名' });
      const stale = await t.query('mutation($id: ID!, $v: Int!) { updatePerson(id: $id, expectedVersion: $v, input: { name: "又改名" }) { version } }', { id: p.id, v: p.version });
      expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect((await first()).name).toBe('李改名');
    });

    it('tags a person once; a second identical tag is a CONFLICT', async () => {
      const p = await first();
      const tag = 'mutation($id: ID!) { tagPerson(personId: $id, tag: VETERAN, note: "退役") { tag restricted } }';
      const existing = await t.query<{ person: { tags: { tag: string }[] } }>('query($id: ID!) { person(id: $id) { tags { tag } } }', { id: p.id });
      if (!existing.data!.person.tags.some((x) => x.tag === 'VETERAN')) {
        expect((await t.query(tag, { id: p.id })).data).toEqual({ tagPerson: { tag: 'VETERAN', restricted: false } });
      }
      expect((await t.query(tag, { id: p.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('records a care visit and refuses one without a visitor', async () => {
      const p = await first();
      const ok = await t.query<{ recordCareVisit: { visitor: string } }>(
        'mutation($id: ID!) { recordCareVisit(input: { personId: $id, visitor: "志愿者小张", note: "身体状况良好" }) { visitor kind } }',
        { id: p.id },
      );
      expect(ok.data!.recordCareVisit.visitor).toBe('志愿者小张');
      const bad = await t.query('mutation($id: ID!) { recordCareVisit(input: { personId: $id, note: "无人" }) { id } }', { id: p.id });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const visits = await t.query<{ person: { careVisits: unknown[] } }>('query($id: ID!) { person(id: $id) { careVisits { note } } }', { id: p.id });
      expect(visits.data!.person.careVisits).toHaveLength(1);
    });
  });
});
