import { loadPriceIndex, loadedEntries, loadedPriceIndex, type PricedEntry } from '@/src/catalog/catalog';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import type { PriceFinder } from './prices';

/** The worker's catalog for pricing (see pricesWith): public/catalog.json, fetched on first need and kept. */
export interface PriceBook {
  /** Waits for the catalog (loading it if needed); undefined when it cannot load. */
  ready(): Promise<PriceFinder | undefined>;
  /** Never waits, so the path to the first token never waits for the catalog: starts the load and answers with what it has. */
  peek(): PriceFinder | undefined;
  /** Waits for the catalog: a model's entry (what it sees: `vision`, `pdf`), undefined when unknown or not loaded. */
  model(provider: string, model: string): Promise<PricedEntry | undefined>;
  /** Waits for the catalog: a provider's models (none when it cannot load). */
  models(provider: string): Promise<PricedEntry[]>;
}

const isProviderId = (provider: string): provider is ProviderId => Object.prototype.hasOwnProperty.call(PROVIDERS, provider);

export function priceBook(load?: () => Promise<unknown>): PriceBook {
  const ready = () => loadPriceIndex(load).catch(() => undefined);
  return {
    ready,
    peek() {
      void ready();
      return loadedPriceIndex();
    },
    async model(provider, model) {
      await ready();
      return isProviderId(provider) ? loadedPriceIndex()?.(provider, model) : undefined;
    },
    async models(provider) {
      await ready();
      return isProviderId(provider) ? loadedEntries(provider) : [];
    },
  };
}
