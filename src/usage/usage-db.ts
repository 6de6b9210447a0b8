import { openIdb, type DatabaseSchema, type IdbDatabase } from '@/src/platform/idb';
import type { AuditRow, CallRow, DailyRow } from './rows';

/** `session`: the hash naming the unlocked session the audit entries belong to, removed at lock. */
export interface UsageMetaRow {
  key: 'session';
  value: string;
}

/**
 * Usage, daily totals and the audit log (`keyward-usage`), declared once in Dexie's syntax: the
 * worker writes through `openUsageDatabase` (raw IndexedDB), the options page reads the same
 * database with Dexie (`UsageDexie`, usage-dexie.ts), built from this same declaration.
 */
export const USAGE_SCHEMA: DatabaseSchema = {
  name: 'keyward-usage',
  versions: [{ version: 1, stores: { calls: '&id, at', daily: '&id, day', audit: '++seq, at', meta: '&key' } }],
};

type UsageTables = {
  calls: { row: CallRow; key: string };
  daily: { row: DailyRow; key: string };
  audit: { row: AuditRow; key: number };
  meta: { row: UsageMetaRow; key: string };
};

/** The worker's handle on the usage database. */
export type UsageDatabase = IdbDatabase<UsageTables>;

export function openUsageDatabase(name = USAGE_SCHEMA.name): UsageDatabase {
  return openIdb<UsageTables>({ ...USAGE_SCHEMA, name });
}
