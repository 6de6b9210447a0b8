/** What a request costs: catalog prices, the user's overrides, tiers, cached input and reasoning tokens. */
import { PROVIDERS } from '../providers/definitions.ts';
import type { ProviderId } from '../providers/definitions.ts';
import type { ModelPrice, PriceSource, ScheduledPrice, TokenPrices } from './types.ts';

/** The fields of a model that pricing reads; both catalog models and unknown live models have them. */
export interface PricedModel {
  id: string;
  provider: ProviderId;
  /** The catalog entry a live id resolved to, when it differs from `id`. */
  catalogId?: string;
  price?: ModelPrice;
  nextPrice?: ScheduledPrice;
  priceSource?: PriceSource;
}

/** USD per 1M tokens set by the user for one provider and model; each field set wins over the catalog. */
export type PriceOverride = Partial<TokenPrices>;

/** Keyed by overrideKey(provider, modelId). */
export type PriceOverrides = Readonly<Record<string, PriceOverride>>;

export function overrideKey(provider: ProviderId, modelId: string): string {
  return `${provider}:${modelId}`;
}

export interface TokenUsage {
  /**
   * All prompt tokens, cached ones included, as OpenAI's `prompt_tokens` and Gemini's `promptTokenCount`
   * count them. Anthropic's `input_tokens` leaves out cache reads and writes: add them before calling.
   */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` read from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Reasoning ("thinking") tokens as the provider reports them; see REASONING_OUTSIDE_OUTPUT. */
  reasoningTokens?: number;
}

/**
 * Whether a provider reports reasoning tokens outside its output count, so that they must be added to
 * the output to be billed (always at the output price). Where this is false the output count already
 * holds them and `reasoningTokens` is informational only:
 * - openai, azure-openai: `completion_tokens` includes `completion_tokens_details.reasoning_tokens`
 *   (Responses API: `output_tokens` includes `output_tokens_details.reasoning_tokens`).
 * - openrouter, groq: OpenAI-compatible usage, reasoning inside `completion_tokens`.
 * - mistral: Magistral's thinking chunks are counted in `completion_tokens`.
 * - anthropic, bedrock: extended thinking is counted in `output_tokens` / `outputTokens`; no separate
 *   count is reported.
 * - cohere: `billed_units.output_tokens` counts every generated token.
 * - gemini, vertex: `thoughtsTokenCount` is NOT part of `candidatesTokenCount` and is billed at the
 *   output price. (Claude on Vertex uses Anthropic's usage, which reports no separate reasoning count.)
 */
export const REASONING_OUTSIDE_OUTPUT: Readonly<Record<ProviderId, boolean>> = {
  openai: false,
  'azure-openai': false,
  openrouter: false,
  groq: false,
  // The router passes the serving provider's usage through in the OpenAI shape.
  huggingface: false,
  mistral: false,
  anthropic: false,
  bedrock: false,
  cohere: false,
  gemini: true,
  vertex: true,
  // Local and custom servers speak the OpenAI or Ollama API: reasoning is inside the output count.
  ollama: false,
  lmstudio: false,
  vllm: false,
  llamacpp: false,
  tgi: false,
  'tensorrt-llm': false,
  mlx: false,
  transformers: false,
  custom: false,
};

const FREE: ModelPrice = { input: 0, output: 0 };

/** The catalog price in force at `at`: a price the list announced for a later date takes over then. */
function catalogPrice(model: PricedModel, at: Date): ModelPrice | undefined {
  if (PROVIDERS[model.provider].local) return FREE;
  const { nextPrice } = model;
  return nextPrice && at.getTime() >= Date.parse(nextPrice.from) ? nextPrice.price : model.price;
}

function findOverride(model: PricedModel, overrides: PriceOverrides | undefined): PriceOverride | undefined {
  if (!overrides) return undefined;
  return overrides[overrideKey(model.provider, model.id)] ?? (model.catalogId !== undefined ? overrides[overrideKey(model.provider, model.catalogId)] : undefined);
}

function withOverride<T extends TokenPrices>(prices: T, override: PriceOverride): T {
  const result = { ...prices };
  if (override.input !== undefined) result.input = override.input;
  if (override.output !== undefined) result.output = override.output;
  if (override.cachedInput !== undefined) result.cachedInput = override.cachedInput;
  return result;
}

/**
 * The price to bill `model` at: the catalog's, with each field the user overrode replacing it at every
 * tier (an override is one flat price). Undefined when neither the catalog nor the override gives both
 * an input and an output price.
 */
export function priceFor(model: PricedModel, overrides?: PriceOverrides, at: Date = new Date()): ModelPrice | undefined {
  const base = catalogPrice(model, at);
  const override = findOverride(model, overrides);
  if (!override) return base;
  if (!base) {
    if (override.input === undefined || override.output === undefined) return undefined;
    return withOverride({ input: override.input, output: override.output }, override);
  }
  const { tiers, ...flat } = base;
  const price: ModelPrice = withOverride(flat, override);
  const overriddenTiers = (tiers ?? [])
    .map((tier) => withOverride(tier, override))
    .filter((tier) => tier.input !== price.input || tier.output !== price.output || tier.cachedInput !== price.cachedInput);
  if (overriddenTiers.length > 0) price.tiers = overriddenTiers;
  return price;
}

/** The tier whose threshold the prompt exceeds (the highest such), else the base prices. */
function ratesFor(price: ModelPrice, inputTokens: number): TokenPrices {
  let rates: TokenPrices = price;
  for (const tier of price.tiers ?? []) if (inputTokens > tier.above) rates = tier;
  return rates;
}

/**
 * The cost in USD of one request, or undefined when its price is unknown. The whole request is billed
 * at the tier its input tokens reach; cached input tokens at the cache-read price (the input price
 * when none is known); reasoning tokens at the output price where the provider counts them apart.
 */
export function costOf(model: PricedModel, usage: TokenUsage, overrides?: PriceOverrides, at?: Date): number | undefined {
  const price = priceFor(model, overrides, at);
  if (!price) return undefined;
  const rates = ratesFor(price, usage.inputTokens);
  const cached = Math.min(Math.max(usage.cachedInputTokens ?? 0, 0), usage.inputTokens);
  const reasoning = REASONING_OUTSIDE_OUTPUT[model.provider] ? (usage.reasoningTokens ?? 0) : 0;
  const micros =
    (usage.inputTokens - cached) * rates.input +
    cached * (rates.cachedInput ?? rates.input) +
    (usage.outputTokens + reasoning) * rates.output;
  return micros / 1_000_000;
}
