import type { AnswerRecord } from '@/src/chat/answer-record';
import type { Prices } from '@/src/usage/prices';

/** What an answer cost in USD, at the prices when it was asked: 0 for local and on-device models, undefined when the price is unknown. */
export function answerCost(record: AnswerRecord, prices: Prices): number | undefined {
  const { answeredBy, usage } = record;
  if (!answeredBy || !usage) return undefined;
  return prices.cost(answeredBy.provider, answeredBy.model, usage, record.startedAt) ?? undefined;
}
