import { CALENDAR_ROWS } from '../calendar/calendar.data';
import type { DeadlinePolicyEntity } from './category.entity';

export enum TimeUnit {
  HOURS = 'HOURS',
  WORKING_DAYS = 'WORKING_DAYS',
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Working days are counted on China Standard Time (UTC+8). */
const CST = 8 * HOUR;

/** Days that break the Monday–Friday rule, by YYYY-MM-DD: true for a working weekend day, false for a weekday off. */
const EXCEPTIONS = new Map(CALENDAR_ROWS.map((d) => [d.day, d.kind === 'WORKDAY']));

/** A working day on China's calendar: Monday to Friday, less statutory holidays, plus adjusted working days (调休). */
export const isWorkingDay = (t: number): boolean => {
  const local = new Date(t + CST);
  const exception = EXCEPTIONS.get(local.toISOString().slice(0, 10));
  if (exception !== undefined) return exception;
  const day = local.getUTCDay();
  return day !== 0 && day !== 6;
};

/** `from` plus `amount` hours, or plus `amount` working days (same time of day, holidays and weekends skipped, adjusted working days counted). */
export function addTime(from: Date, amount: number, unit: string): Date {
  if (unit === TimeUnit.HOURS) return new Date(from.getTime() + amount * HOUR);
  let t = from.getTime();
  for (let left = amount; left > 0; ) {
    t += DAY;
    if (isWorkingDay(t)) left--;
  }
  return new Date(t);
}

export type PolicyStage = 'accept' | 'handle' | 'verify';

/** The deadline of a stage started at `start`, and when supervision turns RED (as late again as the stage lasts). */
export function stageDeadline(policy: Partial<DeadlinePolicyEntity>, stage: PolicyStage, start: Date): { dueAt: Date; redAt: Date } {
  const amount = policy[`${stage}Amount`];
  const unit = policy[`${stage}Unit`];
  if (amount == null || unit == null) throw new Error(`the deadline policy has no ${stage} limit`);
  const dueAt = addTime(start, amount, unit);
  return { dueAt, redAt: new Date(2 * dueAt.getTime() - start.getTime()) };
}
