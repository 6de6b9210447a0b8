/**
 * Reads BerriAI/litellm `model_prices_and_context_window.json`: one object per model key, priced in USD
 * per token, with context windows and capability flags.
 */
import { z } from 'zod/mini';
import type { ModelPrice, PriceTier } from '../types.ts';

const LitellmEntry = z.object({
  litellm_provider: z.string(),
  mode: z.optional(z.string()),
  input_cost_per_token: z.optional(z.number()),
  output_cost_per_token: z.optional(z.number()),
  cache_read_input_token_cost: z.optional(z.number()),
  max_input_tokens: z.optional(z.number()),
  max_output_tokens: z.optional(z.number()),
  supports_vision: z.optional(z.boolean()),
  supports_pdf_input: z.optional(z.boolean()),
  supports_function_calling: z.optional(z.boolean()),
  supports_reasoning: z.optional(z.boolean()),
  deprecation_date: z.optional(z.string()),
  /** Embedding models: the length of the vectors they return. */
  output_vector_size: z.optional(z.number()),
});
type LitellmEntry = z.infer<typeof LitellmEntry>;

export interface LitellmModel extends LitellmEntry {
  key: string;
  /** From the `<field>_above_<N>k_tokens` keys. */
  tiers: PriceTier[];
}

const TIER_KEY = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)_above_(\d+)k_tokens$/;

export interface LitellmList {
  models: LitellmModel[];
  /** Keys that name a provider but do not have the shape of a model (the `sample_spec` documentation). */
  invalid: { key: string; provider: string }[];
}

const Fields = z.record(z.string(), z.unknown());
const HasProvider = z.object({ litellm_provider: z.string() });

/** Top-level keys that are not models at all (`last_updated`) are left out. */
export function parseLitellmPrices(raw: unknown): LitellmList {
  const list: LitellmList = { models: [], invalid: [] };
  for (const [key, value] of Object.entries(Fields.parse(raw))) {
    const provider = HasProvider.safeParse(value);
    if (!provider.success) continue;
    const parsed = LitellmEntry.safeParse(value);
    if (!parsed.success) {
      list.invalid.push({ key, provider: provider.data.litellm_provider });
      continue;
    }
    list.models.push({ ...parsed.data, key, tiers: tiersOf(parsed.data, Fields.parse(value)) });
  }
  return list;
}

/** $ per token to $ per 1M tokens, without the binary floating-point noise of the multiplication. */
export function perMillion(perToken: number): number {
  return Number((perToken * 1_000_000).toPrecision(10));
}

function tiersOf(entry: LitellmEntry, fields: Record<string, unknown>): PriceTier[] {
  const byThreshold = new Map<number, Partial<Record<string, number>>>();
  for (const [field, value] of Object.entries(fields)) {
    const match = TIER_KEY.exec(field);
    if (!match?.[1] || !match[2] || typeof value !== 'number') continue;
    const above = Number(match[2]) * 1000;
    byThreshold.set(above, { ...byThreshold.get(above), [match[1]]: value });
  }
  const tiers: PriceTier[] = [];
  for (const [above, costs] of [...byThreshold].sort(([a], [b]) => a - b)) {
    const input = costs.input_cost_per_token ?? entry.input_cost_per_token;
    const output = costs.output_cost_per_token ?? entry.output_cost_per_token;
    if (input === undefined || output === undefined) continue;
    const tier: PriceTier = { above, input: perMillion(input), output: perMillion(output) };
    const cached = costs.cache_read_input_token_cost ?? entry.cache_read_input_token_cost;
    if (cached !== undefined) tier.cachedInput = perMillion(cached);
    tiers.push(tier);
  }
  return tiers;
}

export function litellmPrice(model: LitellmModel): ModelPrice | undefined {
  const { input_cost_per_token: input, output_cost_per_token: output, cache_read_input_token_cost: cached } = model;
  if (input === undefined || output === undefined) return undefined;
  const price: ModelPrice = { input: perMillion(input), output: perMillion(output) };
  if (cached !== undefined) price.cachedInput = perMillion(cached);
  // Some entries repeat the base price above a threshold (free experimental models: 0 above 128k).
  const tiers = model.tiers.filter(
    (tier) => tier.input !== price.input || tier.output !== price.output || tier.cachedInput !== price.cachedInput,
  );
  if (tiers.length > 0) price.tiers = tiers;
  return price;
}
