import { pluginsNamed } from '@gridhub/cli';
import { startTestHub, type TestHub } from './src/hub';

/**
 * The figures of the article on 圣泉街道's three-level platform (DESIGN.md, "Reference scale"; docs/domain.md says where
 * each lives), asked of the gateway on the scale-1 seed as a front-end team would ask them — never read from the plan.
 */
const ARTICLE = {
  communities: 11,
  currentGrids: 93,
  retiredGrids: 115,
  partyBranches: 9,
  fullTimeWorkers: 33,
  partTimeWorkers: 11,
  volunteers: 500,
  wechatGroups: 186,
  buildings: 989,
  houses: 21_507,
  persons: 4_835,
  specialPopulation: 271,
  events: 1_781,
  videoStreams: 2_400,
  accessControlSystems: 670,
  faceCameras: 16,
  platforms: 11,
  powerLines: 110,
  hazardsCleared: 6_000,
};

const RESTRICTED = ['COMMUNITY_CORRECTION', 'RELEASED_PRISONER', 'DRUG_REHABILITATION', 'SEVERE_MENTAL_DISORDER', 'AT_RISK_YOUTH'];

describe('the article\'s figures, through the gateway (scale-1 seed)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('sqlite', { plugins: pluginsNamed(['powergrid']) });
  });
  afterAll(() => t?.stop());

  const ask = async <T>(query: string): Promise<T> => {
    const res = await t.query<T>(query);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  it('answers every figure exactly', async () => {
    const tiers = await ask<{
      subdistricts: { name: string }[];
      communities: { organizations: { kind: string }[]; gridWorkers: { kind: string }[]; coverage: { houses: number; persons: number } }[];
      grids: { id: string }[];
      all: { validTo: string | null }[];
    }>(`{
      subdistricts { name }
      communities { organizations { kind } gridWorkers { kind } coverage { houses persons } }
      grids { id }
      all: grids(includeRetired: true) { validTo }
    }`);
    const perGrid = await ask<{ grids: { volunteers: { totalCount: number }; wechatGroups: { id: string }[]; buildings: { id: string }[] }[] }>(
      '{ grids { volunteers(first: 0) { totalCount } wechatGroups { id } buildings { id } } }',
    );
    const tags = await ask<Record<string, { totalCount: number }>>(
      `{ ${RESTRICTED.map((tag) => `${tag}: persons(first: 0, filter: { tag: ${tag} }) { totalCount }`).join(' ')} }`,
    );
    const rest = await ask<{
      persons: { totalCount: number };
      governanceStats: { total: number };
      cameras: { totalCount: number };
      videoSources: { totalCount: number };
      face: { totalCount: number };
      accessDevices: { totalCount: number };
      platforms: { id: string }[];
      powerLines: { id: string }[];
      treeHazards: { totalCount: number };
    }>(`{
      persons(first: 0) { totalCount }
      governanceStats(from: "2024-06-30T16:00:00.000Z", to: "2025-06-30T16:00:00.000Z") { total }
      cameras(first: 0, filter: { faceRecognition: false }) { totalCount }
      videoSources(first: 0) { totalCount }
      face: cameras(first: 0, filter: { faceRecognition: true }) { totalCount }
      accessDevices(first: 0) { totalCount }
      platforms { id }
      powerLines { id }
      treeHazards(first: 0, filter: { status: [CLEARED], clearedFrom: "2024-01-01T00:00:00.000Z", clearedBefore: "2025-01-01T00:00:00.000Z" }) { totalCount }
    }`);

    const count = <T>(list: T[], test: (x: T) => boolean) => list.filter(test).length;
    const organizations = tiers.communities.flatMap((c) => c.organizations);
    const workers = tiers.communities.flatMap((c) => c.gridWorkers);
    expect(tiers.subdistricts.map((s) => s.name)).toEqual(['圣泉街道']);
    expect({
      communities: tiers.communities.length,
      currentGrids: tiers.grids.length,
      retiredGrids: count(tiers.all, (g) => g.validTo !== null),
      partyBranches: count(organizations, (o) => o.kind === 'PARTY_BRANCH'),
      fullTimeWorkers: count(workers, (w) => w.kind === 'FULL_TIME'),
      partTimeWorkers: count(workers, (w) => w.kind === 'PART_TIME'),
      volunteers: perGrid.grids.reduce((n, g) => n + g.volunteers.totalCount, 0),
      wechatGroups: perGrid.grids.reduce((n, g) => n + g.wechatGroups.length, 0),
      buildings: perGrid.grids.reduce((n, g) => n + g.buildings.length, 0),
      houses: tiers.communities.reduce((n, c) => n + c.coverage.houses, 0),
      persons: rest.persons.totalCount,
      specialPopulation: RESTRICTED.reduce((n, tag) => n + tags[tag]!.totalCount, 0),
      events: rest.governanceStats.total,
      videoStreams: rest.cameras.totalCount + rest.videoSources.totalCount,
      accessControlSystems: rest.accessDevices.totalCount,
      faceCameras: rest.face.totalCount,
      platforms: rest.platforms.length,
      powerLines: rest.powerLines.length,
      hazardsCleared: rest.treeHazards.totalCount,
    }).toEqual(ARTICLE);
  });
});
