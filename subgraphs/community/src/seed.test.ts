import { openDatabase, validateIdNumber } from '@gridhub/kit';
import { testDatabase, testDialects, type TestDatabase } from '@gridhub/kit/testing';
import { buildPlan, REFERENCE_COUNTS } from '@gridhub/seed';
import type { DataSource } from 'typeorm';
import { community } from './index';
import { PersonEntity } from './person/person.entity';
import { PopulationTag, RESTRICTED_TAGS } from './person/person-tag';
import { seedCommunity } from './seed';

const plan = buildPlan({ scale: 1, seed: 1 });

describe('the seed plan as the community tier reads it', () => {
  it('draws only tags the community subgraph knows, restricted exactly where the subgraph restricts them', () => {
    const known = new Set<string>(Object.values(PopulationTag));
    for (const t of plan.personTags) {
      expect(known.has(t.tag)).toBe(true);
      expect(RESTRICTED_TAGS.has(t.tag as PopulationTag)).toBe(t.restricted);
    }
  });
});

describe.each(testDialects())('seedCommunity on %s', (dialect) => {
  let tdb: TestDatabase;
  let db: DataSource;
  let first: Awaited<ReturnType<typeof seedCommunity>>;
  const count = async (sql: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${sql}`))[0].n);

  beforeAll(async () => {
    tdb = testDatabase(dialect);
    db = await openDatabase({ ...tdb.config, name: 'community', entities: community.entities, migrations: community.migrations });
    first = await seedCommunity(db, plan);
  });
  afterAll(async () => {
    await db?.destroy();
    await tdb.cleanup(['community']);
  });

  it('writes the reference counts', async () => {
    expect(first.skipped).toBe(false);
    expect(first.inserted).toMatchObject({ community: 11, grid: 208, building: 989, house: 21_507, person: 4_835 });
    expect({
      communities: await count('community'),
      currentGrids: await count('grid WHERE validTo IS NULL'),
      retiredGrids: await count('grid WHERE validTo IS NOT NULL AND successorId IS NOT NULL'),
      partyBranches: await count(`organization WHERE kind = 'PARTY_BRANCH'`),
      fullTimeWorkers: await count(`grid_worker WHERE kind = 'FULL_TIME'`),
      partTimeWorkers: await count(`grid_worker WHERE kind = 'PART_TIME'`),
      buildings: await count('building'),
      houses: await count('house'),
      persons: await count('person'),
      specialPopulation: await count('person_tag WHERE restricted = 1'),
      volunteers: await count('volunteer'),
      wechatGroups: await count('wechat_group'),
    }).toEqual(REFERENCE_COUNTS);
  });

  it('stores valid, unique ID numbers', async () => {
    const persons = await db.getRepository(PersonEntity).find({ select: { idNumber: true, birthDate: true, sex: true } });
    for (const p of persons) expect(validateIdNumber(p.idNumber)).toMatchObject({ ok: true, info: { birthDate: p.birthDate, sex: p.sex } });
    expect(await count('(SELECT DISTINCT idNumber FROM person) d')).toBe(REFERENCE_COUNTS.persons);
  });

  it('gives every current grid a resident and a worker', async () => {
    expect(await count('grid g WHERE g.validTo IS NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.gridId = g.id)')).toBe(0);
    expect(await count('grid g WHERE g.validTo IS NULL AND NOT EXISTS (SELECT 1 FROM grid_assignment a WHERE a.gridId = g.id)')).toBe(0);
  });

  it('writes nothing when run again, and refuses a different plan over it', async () => {
    const again = await seedCommunity(db, plan);
    expect(again.skipped).toBe(true);
    expect(Object.values(again.inserted).every((n) => n === 0)).toBe(true);
    expect(await count('person')).toBe(REFERENCE_COUNTS.persons);
    await expect(seedCommunity(db, buildPlan({ seed: 2 }))).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
