import type { ZodMiniType } from 'zod/mini';
import { defineLocalItem, type StorageItem } from '@/src/platform/storage-item';
import { Settings, SpendSettings } from '@/src/settings/schemas';
import { DEFAULT_ROTATE_AFTER_DAYS } from '@/src/vault/key-age';

export const DEFAULT_SETTINGS: Settings = { autoLock: 15, requestsPerMinutePerKey: 30, fallbackChains: [], rotateAfterDays: DEFAULT_ROTATE_AFTER_DAYS };

/** A stored object over its defaults (fields added later read as their default); a damaged one reads as the defaults. */
function overDefaults<T extends object>(schema: ZodMiniType<T>, defaults: T) {
  return {
    parse(stored: unknown): T | undefined {
      const parsed = schema.safeParse({ ...defaults, ...(typeof stored === 'object' ? stored : undefined) });
      return parsed.success ? parsed.data : undefined;
    },
    fallback: () => structuredClone(defaults),
  };
}

/** Non-secret preferences, in the local store (closed to content scripts). */
export const settingsItem = defineLocalItem<Settings>('settings', overDefaults(Settings, DEFAULT_SETTINGS));

/**
 * Read-modify-write of the stored settings, one at a time: two pages saving different fields at
 * the same moment would otherwise both read the old object, and the second write would undo the first.
 */
let writes: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = writes.then(work, work);
  writes = run.catch(() => undefined);
  return run;
}

function writeStored<T extends object>(item: StorageItem<T>, update: Partial<T>): Promise<T> {
  return oneAtATime(async () => {
    const next: T = await item.get();
    for (const [name, value] of Object.entries(update)) {
      if (value !== undefined) Object.assign(next, { [name]: value });
    }
    await item.set(next);
    return next;
  });
}

/** A damaged value falls back to the defaults. */
export function readSettings(): Promise<Settings> {
  return settingsItem.get();
}

export function writeSettings(update: Partial<Settings>): Promise<Settings> {
  return writeStored(settingsItem, update);
}

export const DEFAULT_SPEND_SETTINGS: SpendSettings = {
  caps: [],
  warnAt: 0.8,
  retention: { detailDays: 30, errorDays: 90, aggregateDays: 365, auditDays: 365, auditMax: 10_000, auditKeep: 5_000 },
  priceOverrides: [],
};

/** Budgets, retention and price overrides, apart from the settings above: pages watch it to follow the user's prices. */
export const spendSettingsItem = defineLocalItem<SpendSettings>('spendSettings', overDefaults(SpendSettings, DEFAULT_SPEND_SETTINGS));

/** A damaged value falls back to the defaults. */
export function readSpendSettings(): Promise<SpendSettings> {
  return spendSettingsItem.get();
}

export function writeSpendSettings(update: Partial<SpendSettings>): Promise<SpendSettings> {
  return writeStored(spendSettingsItem, update);
}
