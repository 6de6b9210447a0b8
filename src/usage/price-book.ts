import { loadPriceIndex, loadedPriceIndex } from '@/src/catalog/catalog';
import type { PriceFinder } from './prices';

/** The worker's catalog for pricing (see pricesWith): public/catalog.json, fetched on first need and kept. */
export interface PriceBook {
  /** Waits for the catalog (loading it if needed); undefined when it cannot load. */
  ready(): Promise<PriceFinder | undefined>;
  /** Never waits, so the path to the first token never waits for the catalog: starts the load and answers with what it has. */
  peek(): PriceFinder | undefined;
}

export function priceBook(load?: () => Promise<unknown>): PriceBook {
  const ready = () => loadPriceIndex(load).catch(() => undefined);
  return {
    ready,
    peek() {
      void ready();
      return loadedPriceIndex();
    },
  };
}
