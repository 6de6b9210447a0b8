import { useEffect, useState } from 'react';
import { send } from '@/src/messaging/client';
import { spendSettingsItem } from '@/src/settings/settings-store';
import { overridesOf } from '@/src/usage/overrides';
import { pricesWith, type Prices } from '@/src/usage/prices';
import { loadCatalog } from './catalog-loader';

/**
 * The page's prices: the bundled catalog (loaded on demand) with the user's own prices, asked of
 * the background (`spendSettings.get`), so the picker, the chip, the answer footer and the usage
 * view price as the worker's usage and budgets do. Read again when the settings change.
 */
let current: Promise<Prices> | undefined;
const listeners = new Set<() => void>();
let unwatch: (() => void) | undefined;

function watch(): void {
  unwatch ??= spendSettingsItem.watch(() => {
    current = undefined;
    for (const listener of listeners) listener();
  });
}

export function loadPrices(): Promise<Prices> {
  watch();
  if (current) return current;
  const loading = Promise.all([
    loadCatalog(),
    send('spendSettings.get', {}).then(
      (settings) => ({ overrides: overridesOf(settings.priceOverrides), read: true }),
      () => ({ overrides: {}, read: false }),
    ),
  ]).then(([catalog, { overrides, read }]) => {
    // Without the user's prices (the background could not answer), ask again next time.
    if (!read && current === loading) current = undefined;
    return pricesWith(catalog.findModel, overrides);
  });
  current = loading;
  return loading;
}

/** The prices once loaded (undefined until then), renewed when the user's prices change. */
export function usePrices(): Prices | undefined {
  const [prices, setPrices] = useState<Prices | undefined>();
  useEffect(() => {
    let live = true;
    const load = () => void loadPrices().then((next) => live && setPrices(() => next));
    load();
    listeners.add(load);
    return () => {
      live = false;
      listeners.delete(load);
    };
  }, []);
  return prices;
}

/** Forgets the prices read and stops watching the settings (tests). */
export function clearPrices(): void {
  current = undefined;
  unwatch?.();
  unwatch = undefined;
}
