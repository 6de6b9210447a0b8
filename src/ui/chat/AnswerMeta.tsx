import type { AnswerRecord } from '@/src/chat/answer-record';
import { strings } from '@/src/ui/strings';
import { answerCost } from './answer-cost';
import { formatUsd } from '@/src/shared/money';
import { formatCount, formatDuration } from './format';
import { providerName } from './provider-name';
import { usePrices } from './prices';

/** Model, tokens, cost and timing of a finished answer, and who answered after a fallback. */
export function AnswerMeta({ record }: { record: AnswerRecord }) {
  const prices = usePrices();
  const { answeredBy, usage, fellBackFrom } = record;
  const m = strings.chat.meta;
  const parts: string[] = [];

  if (answeredBy) parts.push(`${answeredBy.model} (${providerName(answeredBy.provider)})`);
  if (usage) {
    let tokens = m.tokens(formatCount(usage.inputTokens), formatCount(usage.outputTokens));
    if (usage.cachedInputTokens > 0) tokens += ` · ${m.cached(formatCount(usage.cachedInputTokens))}`;
    if (usage.reasoningTokens > 0) tokens += ` · ${m.reasoningTokens(formatCount(usage.reasoningTokens))}`;
    if (usage.estimated) tokens += ` (${m.estimated})`;
    parts.push(tokens);
    if (prices) {
      const cost = answerCost(record, prices);
      parts.push(cost === undefined ? m.priceUnknown : cost === 0 ? m.free : formatUsd(cost));
    }
  }
  const end = record.completedAt ?? (record.status === 'streaming' ? undefined : record.updatedAt);
  if (end !== undefined) {
    const total = formatDuration(end - record.startedAt);
    parts.push(record.firstTokenAt !== undefined ? m.time(total, formatDuration(record.firstTokenAt - record.startedAt)) : m.timeTotal(total));
  }

  const fallback =
    answeredBy && fellBackFrom.length > 0
      ? strings.chat.fallbackNote(
          `${answeredBy.model} (${providerName(answeredBy.provider)})`,
          fellBackFrom.map((failed) => `${failed.model} (${providerName(failed.provider)})`).join(', '),
        )
      : undefined;

  if (parts.length === 0 && !fallback) return null;
  return (
    <div className="answer-meta" aria-label={m.label} role="group">
      {answeredBy?.gateway && <p className="muted gateway-note">{m.gateway}</p>}
      {fallback && <p className="warning fallback-note">{fallback}</p>}
      {parts.length > 0 && <p className="muted">{parts.join(' · ')}</p>}
    </div>
  );
}
