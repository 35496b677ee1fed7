import { startTestSubgraph, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { addTime, isWorkingDay, TimeUnit } from '../category/deadline';
import { TEST_GRIDS, withGrids } from '../testing/subdistrict.fixture';
import { CALENDAR_ROWS } from './calendar.data';

/** A moment in China Standard Time. */
const cst = (local: string) => new Date(`${local}+08:00`);
const plusWorkingDays = (from: string, n: number) => addTime(cst(from), n, TimeUnit.WORKING_DAYS);

describe('deadlines in working days count on China\'s calendar', () => {
  it('skips the Spring Festival holiday and counts its adjusted working days (2025: off 28 Jan–4 Feb, work Sun 26 Jan and Sat 8 Feb)', () => {
    expect(plusWorkingDays('2025-01-27T10:00:00', 1)).toEqual(cst('2025-02-05T10:00:00'));
    // Fri 24 Jan + 5: Sun 26 (worked), Mon 27, Wed 5 Feb, Thu 6, Fri 7.
    expect(plusWorkingDays('2025-01-24T09:30:00', 5)).toEqual(cst('2025-02-07T09:30:00'));
    // Fri 7 Feb + 1: the adjusted Saturday.
    expect(plusWorkingDays('2025-02-07T16:00:00', 1)).toEqual(cst('2025-02-08T16:00:00'));
  });

  it('skips National Day and Mid-Autumn (2025: off 1–8 Oct, work Sun 28 Sep and Sat 11 Oct)', () => {
    expect(plusWorkingDays('2025-09-26T11:00:00', 1)).toEqual(cst('2025-09-28T11:00:00'));
    expect(plusWorkingDays('2025-09-30T11:00:00', 1)).toEqual(cst('2025-10-09T11:00:00'));
    expect(plusWorkingDays('2025-09-30T11:00:00', 3)).toEqual(cst('2025-10-11T11:00:00'));
  });

  it('knows 2026 (New Year off 1–3 Jan, Sun 4 Jan worked; Spring Festival off 15–23 Feb, Sat 14 and 28 Feb worked)', () => {
    expect(plusWorkingDays('2025-12-31T10:00:00', 1)).toEqual(cst('2026-01-04T10:00:00'));
    expect(plusWorkingDays('2026-02-13T10:00:00', 2)).toEqual(cst('2026-02-24T10:00:00'));
    expect(isWorkingDay(cst('2026-02-28T12:00:00').getTime())).toBe(true);
    expect(isWorkingDay(cst('2026-10-05T12:00:00').getTime())).toBe(false);
  });

  it('is plain Monday–Friday outside the holidays, and hours are hours', () => {
    expect(plusWorkingDays('2025-03-14T10:00:00', 1)).toEqual(cst('2025-03-17T10:00:00'));
    expect(addTime(cst('2025-01-28T10:00:00'), 2, TimeUnit.HOURS)).toEqual(cst('2025-01-28T12:00:00'));
  });
});

describe.each(testDialects())('workingCalendar (%s)', (dialect) => {
  let t: TestSubgraph;
  beforeAll(async () => {
    t = await startTestSubgraph(withGrids(async () => TEST_GRIDS), { dialect });
  });
  afterAll(() => t?.stop());

  it('answers a year\'s holidays and adjusted working days from the database, as the migrations wrote them', async () => {
    const res = await t.query<{ workingCalendar: { day: string; kind: string; name: string }[] }>('{ workingCalendar(year: 2025) { day kind name } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.workingCalendar).toEqual(CALENDAR_ROWS.filter((d) => d.day.startsWith('2025-')));
    const bad = await t.query('{ workingCalendar(year: 1800) { day } }');
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
