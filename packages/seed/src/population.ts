import { addYears, dayOf, isoOf } from './dates';
import { FLOATING_REGIONS, idNumber } from './identity';
import { DISTRICT, PLAN_DATE, RESTRICTED_TAG_COUNTS } from './layout';
import { givenName, surname, type Sex } from './names';
import type { CommunityPlan, HouseRow, PersonRow, PersonTagName, Taken } from './types';
import type { Random } from './random';
import { uniquePhone, type Area } from './territory';

/** Share of registered persons with no house on record (人户分离, addresses never captured). */
const HOUSELESS = 0.03;
/** Share of persons who are elderly (70+) living alone: more in villages, whose young work in the cities. */
const ELDERLY_ALONE = { COMMUNITY: 0.022, VILLAGE: 0.035 } as const;
const FLOATING = { COMMUNITY: 0.25, VILLAGE: 0.05 } as const;
const HOUSEHOLD_SIZES = {
  COMMUNITY: [[1, 22], [2, 30], [3, 26], [4, 14], [5, 8]],
  VILLAGE: [[2, 20], [3, 28], [4, 24], [5, 18], [6, 10]],
} as const;
/** Plausible ages for each special-population group (重点青少年 are 6–25 by definition). */
const RESTRICTED_AGES: Record<keyof typeof RESTRICTED_TAG_COUNTS, readonly [number, number]> = {
  COMMUNITY_CORRECTION: [20, 65],
  RELEASED_PRISONER: [25, 72],
  DRUG_REHABILITATION: [20, 60],
  SEVERE_MENTAL_DISORDER: [18, 85],
  AT_RISK_YOUTH: [8, 25],
};
const EARLIEST_MOVE_IN = dayOf('1985-01-01');
const LATEST_MOVE_IN = dayOf(PLAN_DATE) - 30;

interface Member {
  sex: Sex;
  age: number;
  surname: string;
}

/** What the tags are drawn from, kept beside each person while the block is built. */
interface Resident {
  person: PersonRow;
  age: number;
  village: boolean;
  head: boolean;
  elderlyAlone: boolean;
  leftBehind: boolean;
}

type Entry = { kind: 'household'; size: number; elderlyAlone: boolean } | { kind: 'houseless' };

const other = (sex: Sex): Sex => (sex === 'MALE' ? 'FEMALE' : 'MALE');

/** Persons, their residences and their tags, community by community. */
export function planPopulation(plan: CommunityPlan, r: Random, areas: Area[], taken: Taken): void {
  const residents = areas.flatMap((area) => planCommunityPopulation(plan, r, area, taken));
  for (const x of residents) tagResident(plan, r, x);
  tagSpecialPopulation(plan, r, residents);
}

function entriesOf(r: Random, area: Area): Entry[] {
  const { persons, kind } = area.layout;
  const houseless = Math.round(persons * HOUSELESS);
  const alone = Math.round(persons * ELDERLY_ALONE[kind]);
  const entries: Entry[] = [
    ...Array.from({ length: houseless }, (): Entry => ({ kind: 'houseless' })),
    ...Array.from({ length: alone }, (): Entry => ({ kind: 'household', size: 1, elderlyAlone: true })),
  ];
  for (let left = persons - houseless - alone; left > 0; ) {
    const size = Math.min(left, r.weighted(HOUSEHOLD_SIZES[kind]));
    entries.push({ kind: 'household', size, elderlyAlone: false });
    left -= size;
  }
  return r.shuffle(entries);
}

function planCommunityPopulation(plan: CommunityPlan, r: Random, area: Area, taken: Taken): Resident[] {
  const village = area.layout.kind === 'VILLAGE';
  const residents: Resident[] = [];
  const free = r.shuffle(area.houses);
  const used = new Set<number>();
  const occupied: HouseRow[] = [];
  let cursor = 0;
  const nextFree = (): HouseRow | undefined => {
    while (cursor < free.length && used.has(free[cursor]!.id)) cursor++;
    return free[cursor];
  };
  // The first households go one to each grid, so every current grid has a resident. When a village runs out
  // of houses, a household shares one (two generations registered as separate households).
  const claim = (gridId: number | undefined): HouseRow => {
    const house = (gridId === undefined ? nextFree() : free.find((h) => h.gridId === gridId && !used.has(h.id))) ?? r.pick(occupied);
    if (!used.has(house.id)) {
      used.add(house.id);
      occupied.push(house);
    }
    return house;
  };
  let households = 0;

  const addPerson = (m: Member, region: string, residency: string, gridId: number, extra: Partial<Resident>): PersonRow => {
    const birthDate = isoOf(dayOf(addYears(PLAN_DATE, -m.age - 1)) + r.int(1, 365));
    const wantsPhone = m.age >= 12 && r.chance(m.age >= 80 ? 0.5 : 0.93);
    const person: PersonRow = {
      id: plan.persons.length + 1,
      name: m.surname + givenName(r, m.sex, Number(birthDate.slice(0, 4))),
      idNumber: idNumber(r, region, birthDate, m.sex, taken.idNumbers),
      sex: m.sex,
      birthDate,
      phone: wantsPhone ? uniquePhone(r, taken) : null,
      gridId,
      communityId: area.community.id,
      residency,
    };
    plan.persons.push(person);
    residents.push({ person, age: m.age, village, head: false, elderlyAlone: false, leftBehind: false, ...extra });
    return person;
  };

  for (const entry of entriesOf(r, area)) {
    const floating = r.chance(FLOATING[area.layout.kind]);
    const region = floating ? r.pick(FLOATING_REGIONS) : DISTRICT.code;
    const residency = floating ? 'FLOATING' : 'LOCAL';
    if (entry.kind === 'houseless') {
      const sex = r.chance(0.55) ? 'MALE' : 'FEMALE';
      addPerson({ sex, age: r.int(18, 70), surname: surname(r) }, region, residency, r.pick(area.grids).id, {});
      continue;
    }
    const house = claim(area.grids[households++]?.id);
    const { members, leftBehind } = composeHousehold(r, entry.size, entry.elderlyAlone, village);
    const headRelation = floating ? (r.chance(0.8) ? 'TENANT' : 'OWNER') : r.chance(0.1) ? 'TENANT' : 'OWNER';
    house.use = headRelation === 'OWNER' ? 'SELF_OCCUPIED' : 'RENTED';

    const headBorn = addYears(PLAN_DATE, -members[0]!.age);
    const earliest = Math.max(dayOf(addYears(headBorn, 18)), EARLIEST_MOVE_IN);
    const movedIn = r.int(earliest, LATEST_MOVE_IN);
    members.forEach((m, k) => {
      const person = addPerson(m, region, residency, house.gridId, {
        head: k === 0,
        elderlyAlone: entry.elderlyAlone,
        leftBehind: leftBehind && m.age < 16,
      });
      // Some heads moved within the community; their earlier residence stays on record, closed.
      if (k === 0 && movedIn - earliest > 730 && r.chance(0.05)) {
        const before = r.pick(area.houses.filter((h) => h !== house));
        plan.residences.push({
          id: plan.residences.length + 1, personId: person.id, houseId: before.id, relation: r.chance(0.5) ? 'OWNER' : 'TENANT',
          movedInAt: isoOf(r.int(earliest, movedIn - 365)), movedOutAt: isoOf(movedIn),
        });
      }
      plan.residences.push({
        id: plan.residences.length + 1, personId: person.id, houseId: house.id, relation: k === 0 ? headRelation : 'FAMILY',
        movedInAt: isoOf(Math.max(movedIn, dayOf(person.birthDate))), movedOutAt: null,
      });
    });
  }
  return residents;
}

/** Head first; children take the father's surname; a village household may be grandparents with left-behind grandchildren. */
function composeHousehold(r: Random, size: number, elderlyAlone: boolean, village: boolean): { members: Member[]; leftBehind: boolean } {
  const headSex: Sex = r.chance(0.6) ? 'MALE' : 'FEMALE';
  if (elderlyAlone) return { members: [{ sex: headSex, age: r.int(70, 92), surname: surname(r) }], leftBehind: false };
  const leftBehind = village && size >= 3 && r.chance(0.15);
  const head: Member = { sex: headSex, age: leftBehind ? r.int(58, 76) : r.int(24, 82), surname: surname(r) };
  const members = [head];
  if (size >= 2 && (leftBehind || r.chance(0.85))) members.push({ sex: other(headSex), age: Math.max(20, head.age + r.int(-4, 4)), surname: surname(r) });
  const family = members.find((m) => m.sex === 'MALE')?.surname ?? head.surname;
  while (members.length < size) {
    if (leftBehind) members.push({ sex: r.chance(0.5) ? 'MALE' : 'FEMALE', age: r.int(2, 15), surname: family });
    else if (head.age <= 55 && r.chance(0.2)) {
      const sex: Sex = r.chance(0.5) ? 'MALE' : 'FEMALE';
      members.push({ sex, age: Math.min(98, head.age + r.int(22, 32)), surname: sex === 'MALE' ? head.surname : surname(r) });
    } else members.push({ sex: r.chance(0.5) ? 'MALE' : 'FEMALE', age: Math.max(0, head.age - r.int(22, 36)), surname: family });
  }
  return { members, leftBehind };
}

/** Ordinary (non-restricted) tags, at rates close to a Chongqing subdistrict's. */
function tagResident(plan: CommunityPlan, r: Random, x: Resident): void {
  const tags: PersonTagName[] = [];
  if (x.elderlyAlone) tags.push('ELDERLY_ALONE');
  else if (x.age >= 80) tags.push('ELDERLY');
  if (x.leftBehind) tags.push('LEFT_BEHIND_CHILD');
  if (r.chance(x.age >= 60 ? 0.03 : 0.01)) tags.push('DISABLED');
  if (x.head && r.chance(x.village ? 0.08 : 0.04)) tags.push('LOW_INCOME');
  if (x.person.sex === 'MALE' && x.age >= 30 && r.chance(0.04)) tags.push('VETERAN');
  if (x.age >= 18 && r.chance(0.07)) tags.push('PARTY_MEMBER');
  if (x.age >= 18 && x.age <= 75 && r.chance(0.05)) tags.push('VOLUNTEER');
  for (const tag of tags) plan.personTags.push({ id: plan.personTags.length + 1, personId: x.person.id, tag, restricted: false, note: null });
}

/** Exactly the reference number of special-population records per block, one per person, within plausible ages. */
function tagSpecialPopulation(plan: CommunityPlan, r: Random, residents: Resident[]): void {
  const chosen = new Set<number>();
  for (const [tag, count] of Object.entries(RESTRICTED_TAG_COUNTS) as [keyof typeof RESTRICTED_TAG_COUNTS, number][]) {
    const [min, max] = RESTRICTED_AGES[tag];
    const picked = r.shuffle(residents.filter((x) => x.age >= min && x.age <= max && !chosen.has(x.person.id))).slice(0, count);
    if (picked.length < count) throw new RangeError(`only ${picked.length} persons are eligible for ${count} ${tag} records`);
    for (const x of picked) {
      chosen.add(x.person.id);
      plan.personTags.push({ id: plan.personTags.length + 1, personId: x.person.id, tag, restricted: true, note: null });
    }
  }
}
