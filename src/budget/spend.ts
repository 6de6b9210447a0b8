import type { BudgetCap } from '@/src/budget/schemas';
import { dayKey, firstOfMonth, nextDayStart, nextMonthStart, type TzOffset } from '@/src/usage/day';
import type { DailyRow } from '@/src/usage/rows';
import type { UsageDatabase } from '@/src/usage/usage-db';
import { validDailyRows } from '@/src/usage/valid-rows';

/** Who a request is for, as caps see it. */
export interface SpendTarget {
  provider: string;
  keyId: string | null;
}

export function capApplies(cap: BudgetCap, target: SpendTarget): boolean {
  if (cap.scope === 'global') return true;
  return cap.target === (cap.scope === 'provider' ? target.provider : target.keyId);
}

/** The daily totals of this calendar month so far (damaged rows left out): all any cap needs. */
export async function monthRows(db: UsageDatabase, now: number, offset?: TzOffset): Promise<DailyRow[]> {
  return validDailyRows(await db.daily.where('day').aboveOrEqual(firstOfMonth(dayKey(now, offset))).toArray()).rows;
}

/** What was spent under `cap` in its current period, from this month's daily totals. */
export function spentUnder(cap: BudgetCap, rows: readonly DailyRow[], now: number, offset?: TzOffset): number {
  const today = dayKey(now, offset);
  const from = cap.period === 'day' ? today : firstOfMonth(today);
  let spent = 0;
  for (const row of rows) if (row.day >= from && row.day <= today && capApplies(cap, row)) spent += row.cost;
  return spent;
}

/** When the cap's period ends. */
export function resetsAt(cap: BudgetCap, now: number, offset?: TzOffset): number {
  return cap.period === 'day' ? nextDayStart(now, offset) : nextMonthStart(now, offset);
}
