/**
 * China's statutory holidays and adjusted working days (放假调休), as the State Council's General Office announces
 * them each year: the days off that fall on weekdays, and the weekend days that are working days. Deadlines in
 * working days count on this calendar (deadline.ts); a year's notice becomes rows here, and
 * `gridhub migration generate subdistrict --name Calendar<year>` carries them into every database (`working_calendar`).
 */
export interface CalendarDayRow {
  /** YYYY-MM-DD, China Standard Time. */
  day: string;
  /** HOLIDAY: no work although a weekday; WORKDAY: work although a weekend day. */
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string;
}

type Notice = [name: string, daysOff: [from: string, to: string], workdays: string[]];

/** The notices of 2024, 2025 and 2026 (国办发明电): the holiday periods (weekends inside them included) and the adjusted working days. */
const NOTICES: Record<number, Notice[]> = {
  2024: [
    ['元旦', ['2024-01-01', '2024-01-01'], []],
    ['春节', ['2024-02-10', '2024-02-17'], ['2024-02-04', '2024-02-18']],
    ['清明节', ['2024-04-04', '2024-04-06'], ['2024-04-07']],
    ['劳动节', ['2024-05-01', '2024-05-05'], ['2024-04-28', '2024-05-11']],
    ['端午节', ['2024-06-10', '2024-06-10'], []],
    ['中秋节', ['2024-09-15', '2024-09-17'], ['2024-09-14']],
    ['国庆节', ['2024-10-01', '2024-10-07'], ['2024-09-29', '2024-10-12']],
  ],
  2025: [
    ['元旦', ['2025-01-01', '2025-01-01'], []],
    ['春节', ['2025-01-28', '2025-02-04'], ['2025-01-26', '2025-02-08']],
    ['清明节', ['2025-04-04', '2025-04-06'], []],
    ['劳动节', ['2025-05-01', '2025-05-05'], ['2025-04-27']],
    ['端午节', ['2025-05-31', '2025-06-02'], []],
    ['国庆节、中秋节', ['2025-10-01', '2025-10-08'], ['2025-09-28', '2025-10-11']],
  ],
  2026: [
    ['元旦', ['2026-01-01', '2026-01-03'], ['2026-01-04']],
    ['春节', ['2026-02-15', '2026-02-23'], ['2026-02-14', '2026-02-28']],
    ['清明节', ['2026-04-04', '2026-04-06'], []],
    ['劳动节', ['2026-05-01', '2026-05-05'], ['2026-05-09']],
    ['端午节', ['2026-06-19', '2026-06-21'], []],
    ['中秋节', ['2026-09-25', '2026-09-27'], []],
    ['国庆节', ['2026-10-01', '2026-10-07'], ['2026-09-20', '2026-10-10']],
  ],
};

const DAY_MS = 86_400_000;
const isoDays = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};
const isWeekendDay = (iso: string) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());

/** Only what differs from Monday–Friday: weekdays off and weekend days on (a holiday's own weekend days are off anyway). */
export const CALENDAR_ROWS: readonly CalendarDayRow[] = Object.values(NOTICES).flatMap((notices) =>
  notices.flatMap(([name, [from, to], workdays]) => [
    ...isoDays(from, to).filter((d) => !isWeekendDay(d)).map((day): CalendarDayRow => ({ day, kind: 'HOLIDAY', name })),
    ...workdays.map((day): CalendarDayRow => ({ day, kind: 'WORKDAY', name: `${name}调休上班` })),
  ]),
).sort((a, b) => a.day.localeCompare(b.day));

/** The years the calendar knows; outside them working days are Monday to Friday. */
export const CALENDAR_YEARS: readonly number[] = Object.keys(NOTICES).map(Number);
