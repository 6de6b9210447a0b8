import type { ZodMiniType } from 'zod/mini';
import { localStore } from '@/src/platform/local-store';
import { Settings, SpendSettings } from '@/src/settings/schemas';

const SETTINGS_KEY = 'settings';
export const DEFAULT_SETTINGS: Settings = { autoLock: 15, requestsPerMinutePerKey: 30, fallbackChains: [] };

async function readStored<T extends object>(key: string, schema: ZodMiniType<T>, defaults: T): Promise<T> {
  const stored = await localStore().get(key);
  const parsed = schema.safeParse({ ...defaults, ...(stored[key] as object | undefined) });
  return parsed.success ? parsed.data : defaults;
}

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

async function writeStored<T extends object>(key: string, current: T, update: Partial<T>): Promise<T> {
  const next: T = { ...current };
  for (const [name, value] of Object.entries(update)) {
    if (value !== undefined) Object.assign(next, { [name]: value });
  }
  await localStore().set({ [key]: next });
  return next;
}

/** Non-secret preferences, in the local store (closed to content scripts). A damaged value falls back to the defaults. */
export function readSettings(): Promise<Settings> {
  return readStored(SETTINGS_KEY, Settings, DEFAULT_SETTINGS);
}

export function writeSettings(update: Partial<Settings>): Promise<Settings> {
  return oneAtATime(async () => writeStored(SETTINGS_KEY, await readSettings(), update));
}

/** Where the spend settings are kept in the local store: pages watch it to follow the user's prices. */
export const SPEND_SETTINGS_KEY = 'spendSettings';
export const DEFAULT_SPEND_SETTINGS: SpendSettings = {
  caps: [],
  warnAt: 0.8,
  retention: { detailDays: 30, errorDays: 90, aggregateDays: 365, auditDays: 365, auditMax: 10_000, auditKeep: 5_000 },
  priceOverrides: [],
};

/** Budgets, retention and price overrides, apart from the settings above. A damaged value falls back to the defaults. */
export function readSpendSettings(): Promise<SpendSettings> {
  return readStored(SPEND_SETTINGS_KEY, SpendSettings, DEFAULT_SPEND_SETTINGS);
}

export function writeSpendSettings(update: Partial<SpendSettings>): Promise<SpendSettings> {
  return oneAtATime(async () => writeStored(SPEND_SETTINGS_KEY, await readSpendSettings(), update));
}
