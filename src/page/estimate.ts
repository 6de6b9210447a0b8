import type { ProviderId } from '@/src/providers/definitions';
import { formatNumber } from '@/src/shared/i18n/format';
import type { Prices } from '@/src/usage/prices';

/**
 * Token and cost estimates shown on a context chip before anything is sent. The count uses OpenAI's
 * o200k tokenizer (gpt-tokenizer, loaded only when a chip needs it); other providers' tokenizers
 * differ by some percent, so it is always labelled an estimate.
 */

export interface TokenEstimate {
  tokens: number;
  /** False when the tokenizer could not load and characters / 4 was used instead. */
  counted: boolean;
}

/** The rough rule when no tokenizer is available: about four characters a token. */
export function roughTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}

type Counter = (text: string) => number;
let counter: Promise<Counter | undefined> | undefined;

function loadCounter(): Promise<Counter | undefined> {
  counter ??= import('gpt-tokenizer/encoding/o200k_base')
    .then((module) => (text: string) => module.countTokens(text))
    .catch(() => {
      counter = undefined;
      return undefined;
    });
  return counter;
}

export async function estimateTokens(text: string): Promise<TokenEstimate> {
  const count = await loadCounter();
  if (count) {
    try {
      return { tokens: count(text), counted: true };
    } catch {
      // Fall through to the rough count.
    }
  }
  return { tokens: roughTokenCount(text), counted: false };
}

/** The chat's current model, as far as pricing needs it. */
export interface SelectedModel {
  /** `chrome-built-in`: Chrome's on-device model, which costs nothing. */
  provider: ProviderId | 'chrome-built-in';
  id: string;
  /** Shown next to the cost. */
  name?: string;
}

/**
 * What sending `tokens` input tokens to the model costs in USD at its input price (the user's own
 * where set; the price tier the prompt reaches included), or undefined when its price is unknown.
 */
export function estimateInputCost(tokens: number, model: SelectedModel, prices: Prices, at?: number): number | undefined {
  return prices.cost(model.provider, model.id, { inputTokens: tokens, outputTokens: 0 }, at) ?? undefined;
}

export function formatCount(value: number): string {
  return formatNumber(value);
}
