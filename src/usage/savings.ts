import { costOf, REASONING_OUTSIDE_OUTPUT, type PricedModel, type PriceOverrides } from '@/src/catalog/pricing';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import type { CallRow } from './rows';

export interface Savings {
  calls: number;
  /** What the calls cost (calls of an unknown price count as nothing). */
  actual: number;
  /** What they would have cost on the reference model; null when its price is unknown. */
  reference: number | null;
}

function reasoningApart(provider: string): boolean {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, provider) && REASONING_OUTSIDE_OUTPUT[provider as ProviderId];
}

/**
 * The same calls priced on another model, call by call (so each lands in its own price tier).
 * Reasoning tokens a provider counts apart are moved into the output first: the reference model
 * would have generated them too.
 */
export function savingsOn(calls: readonly CallRow[], reference: PricedModel, overrides?: PriceOverrides): Savings {
  let actual = 0;
  let priced: number | null = 0;
  // Connection tests and model lists are not chat calls: no other model would have answered them.
  const chat = calls.filter((call) => call.kind === 'chat');
  for (const call of chat) {
    actual += call.cost ?? 0;
    const outputTokens = call.outputTokens + (reasoningApart(call.provider) ? call.reasoningTokens : 0);
    const cost = costOf(reference, { inputTokens: call.inputTokens, cachedInputTokens: call.cachedInputTokens, outputTokens }, overrides, new Date(call.at));
    priced = cost === undefined || priced === null ? null : priced + cost;
  }
  return { calls: chat.length, actual, reference: priced };
}
