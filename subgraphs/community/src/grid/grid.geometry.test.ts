import { Role, type Identity } from '@gridhub/kit';
import { startTestSubgraph, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { buildPlan } from '@gridhub/seed';
import { community } from '../index';
import { contains } from './grid.geometry';

const plan = buildPlan({ scale: 1, seed: 1 });
const current = plan.grids.filter((g) => g.validTo === null);
const partner: Identity = { subject: 'stategrid-dispatch', role: Role.PARTNER, agency: 'STATE_GRID_JIANGJIN' };

/** The centre of a ring's bounding box: inside, for the seed's rectangles. */
const centreOf = (ring: [number, number][]) => {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return { lng: (Math.min(...xs) + Math.max(...xs)) / 2, lat: (Math.min(...ys) + Math.max(...ys)) / 2 };
};

describe('grid boundaries in the seed plan', () => {
  it('every current grid has a closed ring; retired grids have none', () => {
    for (const g of current) {
      expect(g.boundary!.length).toBeGreaterThanOrEqual(4);
      expect(g.boundary!.at(0)).toEqual(g.boundary!.at(-1));
    }
    expect(plan.grids.filter((g) => g.validTo !== null).every((g) => g.boundary === null)).toBe(true);
  });

  it('the current grids tile the territory: each point of a fine lattice lies in at most one grid, and in its community only', () => {
    const box = { west: 106.12, south: 29.18, east: 106.4, north: 29.38 };
    let covered = 0;
    for (let i = 0; i < 140; i++) {
      for (let j = 0; j < 100; j++) {
        const lng = box.west + ((i + 0.5) * (box.east - box.west)) / 140;
        const lat = box.south + ((j + 0.5) * (box.north - box.south)) / 100;
        const holding = current.filter((g) => contains(g.boundary!, lng, lat));
        expect(holding.length).toBeLessThanOrEqual(1);
        covered += holding.length;
      }
    }
    // 11 communities in rows of 4: the last row's 3 communities share its full width, so nothing is left uncovered.
    expect(covered).toBe(140 * 100);
  });

  it('a community\'s grids are contiguous: the centre of each grid is in no other community\'s grid', () => {
    for (const g of current) {
      const { lng, lat } = centreOf(g.boundary!);
      expect(current.filter((o) => contains(o.boundary!, lng, lat)).map((o) => o.id)).toEqual([g.id]);
    }
  });
});

describe.each(testDialects())('gridAt and Grid.boundary (%s)', (dialect) => {
  let t: TestSubgraph;
  beforeAll(async () => {
    t = await startTestSubgraph(community, { dialect });
    await community.seed!(t.subgraph.db, plan, { scale: 1, seed: 1 });
  });
  afterAll(() => t?.stop());

  it('finds the grid of each current grid\'s centre, in one statement per point', async () => {
    const sample = current.filter((_, i) => i % 9 === 0);
    const fields = sample.map((g, i) => {
      const { lng, lat } = centreOf(g.boundary!);
      return `p${i}: gridAt(lng: ${lng}, lat: ${lat}) { id code }`;
    });
    const before = t.subgraph.sql.total;
    const res = await t.query<Record<string, { id: string; code: string }>>(`{ ${fields.join(' ')} }`);
    expect(res.errors).toBeUndefined();
    expect(t.subgraph.sql.total - before).toBe(sample.length);
    sample.forEach((g, i) => expect(res.data![`p${i}`]).toEqual({ id: String(g.id), code: g.code }));
  });

  it('answers null outside every grid, and BAD_USER_INPUT for a point that is not on Earth', async () => {
    const outside = await t.query('{ gridAt(lng: 116.4, lat: 39.9) { id } }');
    expect(outside).toEqual({ data: { gridAt: null } });
    const bad = await t.query('{ gridAt(lng: 200, lat: 29.3) { id } }');
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('gives the boundary as GeoJSON to a partner, and no residents', async () => {
    const g = current[0]!;
    const { lng, lat } = centreOf(g.boundary!);
    const res = await t.query<{ gridAt: { id: string; boundary: { type: string; coordinates: number[][][] } } }>(
      `{ gridAt(lng: ${lng}, lat: ${lat}) { id name community { name } boundary { type coordinates } } }`, undefined, partner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.gridAt.boundary).toEqual({ type: 'Polygon', coordinates: [g.boundary] });
    // Residents are scoped away in SQL (the kit's policy), not refused: the page and its count are empty.
    const residents = await t.query(`{ gridAt(lng: ${lng}, lat: ${lat}) { residents { totalCount edges { node { id } } } } }`, undefined, partner);
    expect(residents).toEqual({ data: { gridAt: { residents: { totalCount: 0, edges: [] } } } });
    const admin = await t.query<{ gridAt: { residents: { totalCount: number } } }>(`{ gridAt(lng: ${lng}, lat: ${lat}) { residents { totalCount } } }`);
    expect(admin.data!.gridAt.residents.totalCount).toBeGreaterThan(0);
  });

  it('is scoped like every grid read: a grid worker finds only her own grids', async () => {
    const [mine, other] = [current[0]!, current[5]!];
    const worker: Identity = { subject: 'gw-test', role: Role.GRID_WORKER, communityIds: [mine.communityId], gridIds: [mine.id] };
    const at = (g: typeof mine) => centreOf(g.boundary!);
    const own = await t.query<{ gridAt: { id: string } | null }>(`{ gridAt(lng: ${at(mine).lng}, lat: ${at(mine).lat}) { id } }`, undefined, worker);
    expect(own.data!.gridAt).toEqual({ id: String(mine.id) });
    const foreign = await t.query<{ gridAt: { id: string } | null }>(`{ gridAt(lng: ${at(other).lng}, lat: ${at(other).lat}) { id } }`, undefined, worker);
    expect(foreign.data!.gridAt).toBeNull();
  });
});
