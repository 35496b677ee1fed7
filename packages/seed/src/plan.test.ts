import { PassThrough } from 'node:stream';
import { validateIdNumber, validatePhone } from '@gridhub/kit';
import { buildPlan, createProgressBar, DEMO_COMPLEX, GRIDS_MERGED_ON, PLAN_DATE, REFERENCE_COUNTS, RESTRICTED_TAG_COUNTS, VOLUNTEER_ROLES, type CommunityPlan } from './index';

const plan = buildPlan({ scale: 1, seed: 1 });

/** The reference counts of DESIGN.md as the plan holds them. */
function countsOf(p: CommunityPlan) {
  return {
    communities: p.communities.length,
    currentGrids: p.grids.filter((g) => g.validTo === null).length,
    retiredGrids: p.grids.filter((g) => g.validTo !== null).length,
    partyBranches: p.organizations.filter((o) => o.kind === 'PARTY_BRANCH').length,
    fullTimeWorkers: p.workers.filter((w) => w.kind === 'FULL_TIME').length,
    partTimeWorkers: p.workers.filter((w) => w.kind === 'PART_TIME').length,
    buildings: p.buildings.length,
    houses: p.houses.length,
    persons: p.persons.length,
    specialPopulation: p.personTags.filter((t) => t.restricted).length,
    volunteers: p.volunteers.length,
    wechatGroups: p.wechatGroups.length,
  };
}

describe('volunteers and WeChat groups', () => {
  it('has the volunteer force by role, building heads each on a building of their grid, property staff in urban grids', () => {
    const byRole = (role: string) => plan.volunteers.filter((v) => v.role === role);
    expect(Object.fromEntries(Object.keys(VOLUNTEER_ROLES).map((role) => [role, byRole(role).length]))).toEqual(VOLUNTEER_ROLES);
    const buildingGrid = new Map(plan.buildings.map((b) => [b.id, b.gridId]));
    const heads = byRole('BUILDING_HEAD');
    expect(heads.every((v) => buildingGrid.get(v.buildingId!) === v.gridId)).toBe(true);
    expect(new Set(heads.map((v) => v.buildingId)).size).toBe(heads.length);
    const kindOf = new Map(plan.grids.map((g) => [g.id, g.kind]));
    expect(byRole('PROPERTY_STAFF').every((v) => kindOf.get(v.gridId) === 'URBAN')).toBe(true);
    expect(plan.volunteers.filter((v) => v.role !== 'BUILDING_HEAD').every((v) => v.buildingId === null)).toBe(true);
  });

  it('gives every current grid its residents\' group, 186 groups in all', () => {
    const current = plan.grids.filter((g) => g.validTo === null);
    for (const g of current) expect(plan.wechatGroups.some((w) => w.gridId === g.id)).toBe(true);
    expect(plan.wechatGroups.every((w) => w.memberCount >= 30 && w.memberCount <= 500)).toBe(true);
  });
});

describe('care visits', () => {
  it('visits every key person (special population, elderly alone) over six months, by a worker of the person\'s grid', () => {
    const keyTags = new Set(['ELDERLY_ALONE', ...Object.keys(RESTRICTED_TAG_COUNTS)]);
    const keyPersons = new Set(plan.personTags.filter((t) => keyTags.has(t.tag)).map((t) => t.personId));
    const visitedPersons = new Set(plan.careVisits.map((v) => v.personId));
    expect(visitedPersons).toEqual(keyPersons);
    const gridOf = new Map(plan.persons.map((p) => [p.id, p.gridId]));
    const gridsOfWorker = new Map<number, Set<number>>();
    for (const a of plan.assignments) gridsOfWorker.set(a.workerId, (gridsOfWorker.get(a.workerId) ?? new Set()).add(a.gridId));
    const end = Date.parse(`${PLAN_DATE}T23:59:59Z`);
    for (const v of plan.careVisits) {
      expect(gridsOfWorker.get(v.workerId!)!.has(gridOf.get(v.personId)!)).toBe(true);
      expect(v.visitedAt.getTime()).toBeLessThanOrEqual(end);
      expect(v.visitedAt.getTime()).toBeGreaterThan(end - 184 * 86_400_000);
    }
  });
});

describe('buildPlan', () => {
  it('reproduces the reference counts at scale 1', () => {
    expect(countsOf(plan)).toEqual(REFERENCE_COUNTS);
    expect(plan.complexes[0]).toMatchObject({ name: DEMO_COMPLEX, communityId: 1 });
  });

  it('is a pure function of (scale, seed)', () => {
    expect(buildPlan({ scale: 1, seed: 1 })).toEqual(plan);
    const other = buildPlan({ scale: 1, seed: 2 });
    expect(countsOf(other)).toEqual(REFERENCE_COUNTS);
    expect(other.persons.map((p) => p.idNumber)).not.toEqual(plan.persons.map((p) => p.idNumber));
  });

  it('multiplies every count at scale 2, starting with the scale-1 plan, codes still unique', () => {
    const double = buildPlan({ scale: 2, seed: 1 });
    const expected = Object.fromEntries(Object.entries(REFERENCE_COUNTS).map(([k, n]) => [k, 2 * n]));
    expect(countsOf(double)).toEqual(expected);
    expect(double.persons.slice(0, plan.persons.length)).toEqual(plan.persons);
    expect(double.persons.map((p) => p.id)).toEqual(double.persons.map((_, i) => i + 1));
    expect(new Set(double.communities.map((c) => c.code)).size).toBe(22);
    expect(new Set(double.grids.map((g) => g.code)).size).toBe(double.grids.length);
    expect(new Set(double.persons.map((p) => p.idNumber)).size).toBe(double.persons.length);
  });

  it('gives persons valid ID numbers matching their sex and birth date, and valid phones', () => {
    for (const p of plan.persons) {
      const checked = validateIdNumber(p.idNumber);
      expect(checked).toEqual({ ok: true, info: { region: p.idNumber.slice(0, 6), birthDate: p.birthDate, sex: p.sex } });
      if (p.phone !== null) expect(validatePhone(p.phone)).toBe(true);
    }
    expect(plan.persons.filter((p) => p.phone).length / plan.persons.length).toBeGreaterThan(0.8);
  });

  it('keeps grids, residences and workers consistent', () => {
    const grids = new Map(plan.grids.map((g) => [g.id, g]));
    const houses = new Map(plan.houses.map((h) => [h.id, h]));
    const persons = new Map(plan.persons.map((p) => [p.id, p]));
    for (const g of plan.grids) {
      if (g.validTo === null) {
        expect(g.validFrom >= GRIDS_MERGED_ON && g.partyBranchId !== null).toBe(true);
      } else {
        expect(g.validFrom < GRIDS_MERGED_ON && g.validTo < GRIDS_MERGED_ON).toBe(true);
        expect(grids.get(g.successorId!)).toMatchObject({ validTo: null, communityId: g.communityId });
      }
    }
    for (const r of plan.residences) {
      const person = persons.get(r.personId)!;
      expect(r.movedInAt >= person.birthDate).toBe(true);
      if (r.movedOutAt === null) expect(houses.get(r.houseId)!.gridId).toBe(person.gridId);
    }
    for (const p of plan.persons) expect(grids.get(p.gridId)).toMatchObject({ validTo: null, communityId: p.communityId });
    const housed = new Set(plan.residences.filter((r) => r.movedOutAt === null).map((r) => r.personId));
    expect(1 - housed.size / plan.persons.length).toBeGreaterThan(0.01); // some persons have no house on record
    expect(1 - housed.size / plan.persons.length).toBeLessThan(0.06);

    const workers = new Map(plan.workers.map((w) => [w.id, w]));
    const gridsPerWorker = new Map<number, number>();
    for (const a of plan.assignments) {
      expect(workers.get(a.workerId)!.communityId).toBe(grids.get(a.gridId)!.communityId);
      gridsPerWorker.set(a.workerId, (gridsPerWorker.get(a.workerId) ?? 0) + 1);
    }
    expect(gridsPerWorker.size).toBe(plan.workers.length);
    for (const n of gridsPerWorker.values()) expect(n >= 1 && n <= 3).toBe(true);
  });

  it('tags the special population with restricted tags and the elderly living alone', () => {
    for (const t of plan.personTags) expect(t.tag in RESTRICTED_TAG_COUNTS).toBe(t.restricted);
    const restricted = plan.personTags.filter((t) => t.restricted).map((t) => t.personId);
    expect(new Set(restricted).size).toBe(restricted.length);
    const persons = new Map(plan.persons.map((p) => [p.id, p]));
    const alone = plan.personTags.filter((t) => t.tag === 'ELDERLY_ALONE').map((t) => persons.get(t.personId)!);
    expect(alone.length).toBeGreaterThanOrEqual(100);
    for (const p of alone) expect(p.birthDate <= '1955-06-30').toBe(true);
  });
});

describe('createProgressBar', () => {
  it('writes one line per finished stage when not on a terminal', () => {
    const stream = new PassThrough();
    const progress = createProgressBar('seed community', stream as unknown as NodeJS.WriteStream);
    for (const [done, stage] of [[500, 'house'], [900, 'house'], [1000, 'person']] as const) progress(done, 1000, stage);
    expect(String(stream.read())).toBe('seed community: house 900 rows\nseed community: person 100 rows\n');
  });
});
