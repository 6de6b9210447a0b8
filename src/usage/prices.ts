/**
 * The one price lookup: the catalog's prices with the user's own prices over them. The picker,
 * the context chip's estimate, the cost confirmation, the answer footer, usage, budgets and the
 * savings comparison all price through `pricesWith`, so a price set in "Your own prices" is the
 * price everywhere. It reads no catalog itself (the pages pass the bundled catalog's finder, the
 * worker the index of public/catalog.json), so importing it loads no price list.
 */
import { costOf, priceFor, type PricedModel, type PriceOverrides, type TokenUsage } from '@/src/catalog/pricing';
import type { ModelPrice } from '@/src/catalog/types';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { isKeyless } from '@/src/providers/types';

/** Finds the catalog entry for a model id as a provider's API spells it. */
export type PriceFinder = (provider: ProviderId, modelId: string) => PricedModel | undefined;

export interface Prices {
  /** USD per 1M tokens at `at` (epoch ms, default now), or null when unknown. Chrome's on-device model and local servers cost nothing. */
  price(provider: string, model: string, at?: number): ModelPrice | null;
  /** What a call cost in USD at `at` (epoch ms, default now), or null when its price is unknown. */
  cost(provider: string, model: string, usage: TokenUsage, at?: number): number | null;
}

const FREE: ModelPrice = { input: 0, output: 0 };

function isProviderId(provider: string): provider is ProviderId {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, provider);
}

/** The prices of `find`'s catalog, with `overrides` (the user's own prices, see overridesOf) winning field by field. */
export function pricesWith(find: PriceFinder | undefined, overrides: PriceOverrides = {}): Prices {
  /** The catalog entry the id resolves to, under the id used (so an override of either id applies); else the bare id. */
  const priced = (provider: ProviderId, model: string): PricedModel => {
    const known = find?.(provider, model);
    if (!known) return { id: model, provider };
    return known.id === model ? known : { ...known, id: model, catalogId: known.id };
  };
  return {
    price(provider, model, at) {
      if (isKeyless(provider)) return FREE;
      if (!isProviderId(provider)) return null;
      return priceFor(priced(provider, model), overrides, at === undefined ? undefined : new Date(at)) ?? null;
    },
    cost(provider, model, usage, at) {
      if (isKeyless(provider)) return 0;
      if (!isProviderId(provider)) return null;
      return costOf(priced(provider, model), usage, overrides, at === undefined ? undefined : new Date(at)) ?? null;
    },
  };
}
