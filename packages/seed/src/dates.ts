/** Calendar dates as whole UTC days, so date arithmetic never depends on the machine's time zone. */
const DAY_MS = 86_400_000;

export const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The same calendar day `years` later (29 February falls back to 28 February). */
export function addYears(iso: string, years: number): string {
  const y = String(Number(iso.slice(0, 4)) + years).padStart(4, '0');
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return `${y}-${md}`;
}
