import { REASONING_OUTSIDE_OUTPUT } from '@/src/catalog/pricing';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import type { Prices } from './prices';
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
export function savingsOn(calls: readonly CallRow[], reference: { provider: string; id: string }, prices: Prices): Savings {
  let actual = 0;
  let priced: number | null = 0;
  // Connection tests and model lists are not chat calls: no other model would have answered them.
  const chat = calls.filter((call) => call.kind === 'chat');
  for (const call of chat) {
    actual += call.cost ?? 0;
    const outputTokens = call.outputTokens + (reasoningApart(call.provider) ? call.reasoningTokens : 0);
    const cost = prices.cost(reference.provider, reference.id, { inputTokens: call.inputTokens, cachedInputTokens: call.cachedInputTokens, outputTokens }, call.at);
    priced = cost === null || priced === null ? null : priced + cost;
  }
  return { calls: chat.length, actual, reference: priced };
}
