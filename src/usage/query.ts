/** Reads for the options page, straight from the usage database (the worker is the only writer). */
import { addDays } from './day';
import type { CallRow, DailyRow } from './rows';
import type { UsageDexie } from './usage-dexie';
import { validCallRows, validDailyRows, type ValidRows } from './valid-rows';

/** Daily totals from `fromDay` to `toDay`, both included (YYYY-MM-DD); damaged rows left out and counted. */
export async function dailyBetween(db: UsageDexie, fromDay: string, toDay: string): Promise<ValidRows<DailyRow>> {
  return validDailyRows(await db.daily.where('day').between(fromDay, toDay, true, true).toArray());
}

/** Calls in detail that started between two instants, both included; damaged rows left out. */
export async function callsBetween(db: UsageDexie, from: number, to: number): Promise<CallRow[]> {
  return validCallRows(await db.calls.where('at').between(from, to, true, true).toArray()).rows;
}

/** Every day from `fromDay` to `toDay`, at most `limit` of them. */
export function daysBetween(fromDay: string, toDay: string, limit = 3_660): string[] {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < limit; day = addDays(day, 1)) days.push(day);
  return days;
}

export interface Series {
  label: string;
  data: number[];
}

/** Cost per day, one series per provider (for a stacked chart). */
export function costPerDayByProvider(rows: readonly DailyRow[], days: readonly string[]): Series[] {
  const index = new Map(days.map((day, i) => [day, i]));
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const at = index.get(row.day);
    if (at === undefined) continue;
    let data = series.get(row.provider);
    if (!data) {
      data = days.map(() => 0);
      series.set(row.provider, data);
    }
    data[at] = (data[at] ?? 0) + row.cost;
  }
  return [...series].map(([label, data]) => ({ label, data })).sort((a, b) => a.label.localeCompare(b.label));
}

/** Input and output tokens per model, largest first, at most `limit` models. */
export function tokensPerModel(rows: readonly DailyRow[], limit = 15): { models: string[]; input: number[]; output: number[] } {
  const totals = new Map<string, { input: number; output: number }>();
  for (const row of rows) {
    const name = `${row.provider} · ${row.model || '(no model)'}`;
    const total = totals.get(name) ?? { input: 0, output: 0 };
    total.input += row.inputTokens;
    total.output += row.outputTokens;
    totals.set(name, total);
  }
  const top = [...totals].sort((a, b) => b[1].input + b[1].output - (a[1].input + a[1].output)).slice(0, limit);
  return { models: top.map(([name]) => name), input: top.map(([, t]) => t.input), output: top.map(([, t]) => t.output) };
}
