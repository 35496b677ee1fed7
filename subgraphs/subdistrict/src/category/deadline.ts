import type { DeadlinePolicyEntity } from './category.entity';

export enum TimeUnit {
  HOURS = 'HOURS',
  WORKING_DAYS = 'WORKING_DAYS',
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Working days are counted on China Standard Time (UTC+8), Monday to Friday. */
const CST = 8 * HOUR;

const isWeekend = (t: number) => {
  const day = new Date(t + CST).getUTCDay();
  return day === 0 || day === 6;
};

/** `from` plus `amount` hours, or plus `amount` working days (same time of day, weekends skipped). */
export function addTime(from: Date, amount: number, unit: string): Date {
  if (unit === TimeUnit.HOURS) return new Date(from.getTime() + amount * HOUR);
  let t = from.getTime();
  for (let left = amount; left > 0; ) {
    t += DAY;
    if (!isWeekend(t)) left--;
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
