import { setAlarmAt } from '@/src/platform/alarms';
import { AuditLog } from '@/src/audit/audit-log';
import { Budgets } from '@/src/budget/gate';
import { CHROME_BUILT_IN, IN_BROWSER } from '@/src/providers/types';
import { readSpendSettings } from '@/src/settings/settings-store';
import type { SpendSettings } from '@/src/settings/schemas';
import type { VaultDatabase } from '@/src/vault/db';
import { nextDayStart, type TzOffset } from './day';
import { overridesOf } from './overrides';
import { priceBook, type PriceBook } from './price-book';
import { pricesWith } from './prices';
import { UsageRecorder } from './recorder';
import { pruneUsage } from './retention';
import type { UsageDatabase } from './usage-db';

/** Daily, a minute after local midnight: retention pruning, and the badge starts the new day. */
export const MAINTENANCE_ALARM = 'keyward.usage-maintenance';

export interface SpendServices {
  db: UsageDatabase;
  audit: AuditLog;
  recorder: UsageRecorder;
  budgets: Budgets;
  prices: PriceBook;
  /** The spend settings in force (the stored ones, within the organisation policy in the worker). */
  settings(): Promise<SpendSettings>;
  /** Prunes by the retention settings, refreshes the badge and schedules the next run. */
  maintain(): Promise<void>;
  /** "Delete all usage data": every call and daily total, and the audit log too if asked. */
  deleteAll(includeAudit: boolean): Promise<void>;
}

export interface SpendOptions {
  db: UsageDatabase;
  audit: AuditLog;
  vaultDb: VaultDatabase;
  now: () => number;
  /** Tests load the catalog from disk; the worker fetches public/catalog.json. */
  catalog?: () => Promise<unknown>;
  offset?: TzOffset;
  /** The spend settings in force: the stored ones by default; the worker adds the organisation policy's caps and audit floor (src/policy). */
  spendSettings?: () => Promise<SpendSettings>;
  /** Keys that are not in the vault's table (session-only keys, the organisation's gateway): their provider and label for the usage rows, the audit and the budgets. */
  otherKeys?: (keyId: string) => Promise<{ provider: string; label: string } | undefined>;
}

export function createSpendServices({ db, audit, vaultDb, now, catalog, offset, spendSettings = readSpendSettings, otherKeys }: SpendOptions): SpendServices {
  const keyInfo = async (keyId: string) => {
    const other = await otherKeys?.(keyId);
    if (other) return other;
    const row = await vaultDb.secrets.get(keyId);
    return row && typeof row.label === 'string' ? { provider: row.provider, label: row.label } : undefined;
  };
  const labelOf = async (keyId: string | null, provider: string) =>
    keyId === null ? (provider === CHROME_BUILT_IN ? 'Chrome built-in' : provider === IN_BROWSER ? 'In-browser model' : 'unsaved key') : ((await keyInfo(keyId))?.label ?? 'deleted key');
  const prices = priceBook(catalog);
  const budgets = new Budgets({ db, settings: spendSettings, prices, keyInfo, audit, now, ...(offset ? { offset } : {}) });
  const refresh = () => void budgets.refreshBadge().catch(() => undefined);
  const recorder = new UsageRecorder({
    db,
    audit,
    labelOf,
    cost: async (provider, model, usage, at) => pricesWith(await prices.ready(), overridesOf((await spendSettings()).priceOverrides)).cost(provider, model, usage, at),
    onRecorded: refresh,
    ...(offset ? { offset } : {}),
  });
  return {
    db,
    audit,
    recorder,
    budgets,
    prices,
    settings: spendSettings,
    async maintain() {
      const at = now();
      await pruneUsage(db, (await spendSettings()).retention, at, offset);
      await audit.bound();
      await budgets.refreshBadge();
      await setAlarmAt(MAINTENANCE_ALARM, nextDayStart(at, offset) + 60_000);
    },
    async deleteAll(includeAudit) {
      await db.transaction('rw', ['calls', 'daily', 'audit'], async (tx) => {
        await Promise.all([tx.calls.clear(), tx.daily.clear(), includeAudit ? tx.audit.clear() : undefined]);
      });
      await audit.write({ action: 'usage.deleted', outcome: 'ok', ...(includeAudit ? { detail: 'audit' } : {}) });
      refresh();
    },
  };
}

/**
 * The audit log, bounded by the retention settings; an organisation's audit floor (`floorDays`, the
 * policy's auditRetentionMinDays) keeps every entry younger than it, whatever the count.
 */
export function createAuditLog(db: UsageDatabase, now: () => number, floorDays: () => Promise<number | undefined> = async () => undefined): AuditLog {
  return new AuditLog(db, now, async () => {
    const [{ auditMax, auditKeep }, days] = await Promise.all([readSpendSettings().then((settings) => settings.retention), floorDays()]);
    return { max: auditMax, keep: auditKeep, keepSince: days === undefined ? undefined : now() - days * 86_400_000 };
  });
}
