import type { SpendSettings } from '@/src/settings/schemas';
import { addDays, dayKey, type TzOffset } from './day';
import type { UsageDatabase } from './usage-db';

const DAY_MS = 86_400_000;

export interface Pruned {
  calls: number;
  daily: number;
  audit: number;
}

/**
 * Drops what is older than the retention settings: calls in detail (failed ones are kept longer),
 * daily totals, and audit entries by age. The audit log's size bound is kept by AuditLog.bound().
 */
export async function pruneUsage(db: UsageDatabase, retention: SpendSettings['retention'], now: number, offset?: TzOffset): Promise<Pruned> {
  const detailBefore = now - retention.detailDays * DAY_MS;
  const errorBefore = now - retention.errorDays * DAY_MS;
  const oldest = Math.max(detailBefore, errorBefore);
  const calls = await db.calls
    .where('at')
    .below(oldest)
    .filter((call) => call.at < (call.outcome === 'error' ? errorBefore : detailBefore))
    .delete();
  const daily = await db.daily.where('day').below(addDays(dayKey(now, offset), -retention.aggregateDays)).delete();
  const audit = await db.audit.where('at').below(now - retention.auditDays * DAY_MS).delete();
  return { calls, daily, audit };
}
