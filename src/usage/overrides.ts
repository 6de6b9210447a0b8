import type { PriceOverrides } from '@/src/catalog/pricing';
import type { PriceOverrideEntry } from '@/src/usage/schemas';

/** The settings' price list as pricing reads it: keyed by `provider:model`. */
export function overridesOf(entries: readonly PriceOverrideEntry[]): PriceOverrides {
  return Object.fromEntries(entries.map(({ provider, model, ...price }) => [`${provider}:${model}`, price]));
}
