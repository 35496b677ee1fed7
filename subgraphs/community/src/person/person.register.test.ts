import { checkDigit, Role, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDialects, type GraphqlResult, type TestSubgraph } from '@gridhub/kit/testing';
import { community } from '../index';
import { CommunityEntity } from '../community/community.entity';
import { GridEntity } from '../grid/grid.entity';
import { PersonEntity } from './person.entity';
import { NOT_REGISTRABLE } from './person.service';

/** Issue 12, item 5: a CONFLICT on an ID number confirms nothing outside the caller's scope. */

const idNumber = (serial: number) => {
  const first17 = `11010519800101${String(serial).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
};

const REGISTER = 'mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }';

describe.each(testDialects())('registerPerson on an ID number already registered (%s)', (dialect) => {
  let t: TestSubgraph;
  /** Grids: two in community A (the worker has the first), one in community B. */
  const grids: Record<'a1' | 'a2' | 'b1', number> = { a1: 0, a2: 0, b1: 0 };
  const worker = (): Identity => ({ subject: 'worker-a1', role: Role.GRID_WORKER, name: '网格员', gridIds: [grids.a1], communityIds: [] });
  const staffA = (): Identity => ({ subject: 'staff-a', role: Role.COMMUNITY_STAFF, name: '社区工作人员', communityIds: [communityA] });
  let communityA = 0;

  const register = (serial: number, grid: number, who?: Identity) =>
    t.query<{ registerPerson: { id: string } }>(REGISTER, { input: { name: '张三', idNumber: idNumber(serial), gridId: String(grid) } }, who);
  const refusal = (r: GraphqlResult) => ({ message: r.errors?.[0]?.message, extensions: r.errors?.[0]?.extensions, data: r.data });
  const persons = () => t.subgraph.db.getRepository(PersonEntity).count();

  beforeAll(async () => {
    t = await startTestSubgraph(community, { dialect });
    const db = t.subgraph.db;
    const place = async (code: string) =>
      Number((await db.getRepository(CommunityEntity).insert({ code, name: code, kind: 'COMMUNITY', subdistrictId: 1, station: code, address: code })).identifiers[0]!.id);
    const grid = async (code: string, communityId: number) =>
      Number((await db.getRepository(GridEntity).insert({ code, name: code, communityId, kind: 'URBAN', partyBranchId: null, validFrom: '2020-01-01', validTo: null, successorId: null })).identifiers[0]!.id);
    communityA = await place('A');
    const b = await place('B');
    grids.a1 = await grid('A1', communityA);
    grids.a2 = await grid('A2', communityA);
    grids.b1 = await grid('B1', b);
    // Holders, registered by the administrator: one in the worker's grid, one in the same community's other grid, one elsewhere.
    for (const [serial, g] of [[1, grids.a1], [2, grids.a2], [3, grids.b1]] as const) {
      const r = await register(serial, g);
      if (r.errors) throw new Error(`holder ${serial} not registered: ${r.errors[0]!.message}`);
    }
  }, 60_000);
  afterAll(async () => t?.stop());

  it('names the holder when the caller can see it (its own grid; the administrator everywhere)', async () => {
    const before = await persons();
    const own = await register(1, grids.a1, worker());
    expect(refusal(own)).toEqual({ message: expect.stringMatching(/^person \d+ already has this ID number$/), extensions: expect.objectContaining({ code: 'CONFLICT', field: 'idNumber', personId: expect.any(String) }), data: null });
    const admin = await register(3, grids.a1);
    expect(admin.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', personId: expect.any(String) });
    expect(await persons()).toBe(before);
  });

  it('outside the caller\'s scope: one fixed refusal, the same whether the holder is in the next grid or another community', async () => {
    const before = await persons();
    const nextGrid = refusal(await register(2, grids.a1, worker()));
    const otherCommunity = refusal(await register(3, grids.a1, worker()));
    expect(nextGrid).toEqual({ message: NOT_REGISTRABLE, extensions: { code: 'CONFLICT', field: 'idNumber' }, data: null });
    expect(otherCommunity).toEqual(nextGrid);
    // Community staff see their whole community, not the other one.
    expect((await register(2, grids.a1, staffA())).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', personId: expect.any(String) });
    expect(refusal(await register(3, grids.a1, staffA()))).toEqual(nextGrid);
    expect(await persons()).toBe(before);
  });

  it('a fresh number in the caller\'s scope is registered', async () => {
    const r = await register(4, grids.a1, worker());
    expect(r.errors).toBeUndefined();
    expect(r.data?.registerPerson.id).toEqual(expect.any(String));
  });
});
