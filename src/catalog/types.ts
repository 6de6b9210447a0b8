import type { ProviderId } from '../providers/definitions.ts';

/** Providers the catalog prices. Local servers are free and `custom` servers are unknowable. */
export const CATALOG_PROVIDERS = [
  'openai',
  'anthropic',
  'gemini',
  'vertex',
  'mistral',
  'cohere',
  'azure-openai',
  'bedrock',
  'openrouter',
  'groq',
] as const satisfies readonly ProviderId[];

export type CatalogProviderId = (typeof CATALOG_PROVIDERS)[number];

export type PriceList = 'genai-prices' | 'litellm';

export interface PriceSource {
  list: PriceList;
  /** The date of the list snapshot, YYYY-MM-DD. */
  date: string;
}

/** USD per 1M tokens. `cachedInput` is the cache-read price, absent when the lists do not know it. */
export interface TokenPrices {
  input: number;
  output: number;
  cachedInput?: number;
}

/** Prices that replace the base ones for the whole request once its input tokens exceed `above`. */
export interface PriceTier extends TokenPrices {
  above: number;
}

export interface ModelPrice extends TokenPrices {
  /** Ascending by `above`. */
  tiers?: PriceTier[];
}

/** A price the list announces for a date after its snapshot. */
export interface ScheduledPrice {
  /** YYYY-MM-DD, UTC. */
  from: string;
  price: ModelPrice;
}

/** One model as stored in catalog.generated.json (the provider is the key it is filed under). */
export interface CatalogEntry {
  id: string;
  /** Absent when the lists give no name of their own for this exact id. */
  name?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  vision?: boolean;
  /** The model reads PDF files sent as documents (litellm's `supports_pdf_input`). */
  pdf?: boolean;
  tools?: boolean;
  /** The model thinks before it answers (litellm's `supports_reasoning`). */
  reasoning?: boolean;
  price: ModelPrice;
  nextPrice?: ScheduledPrice;
  /** The list the price comes from; its snapshot date is in `meta.sources` (kept once to save ~30 KB). */
  source: PriceList;
}

export interface EmbeddingEntry {
  id: string;
  provider: CatalogProviderId;
  /** USD per 1M input tokens. */
  input: number;
  maxInputTokens?: number;
  /** The vector length the model returns by default (issue 19), when known. */
  dims?: number;
  source: PriceList;
}

export interface CatalogMeta {
  sources: Record<PriceList, { date: string; file: string }>;
  /** Models both lists price where the prices differ; genai-prices' price is the one kept. */
  conflicts: number;
  models: number;
}

export interface CatalogFile {
  meta: CatalogMeta;
  providers: Record<CatalogProviderId, CatalogEntry[]>;
  embeddings: EmbeddingEntry[];
}
