import type { AnswersDatabase } from '@/src/history/answers-db';
import { estimateTokens } from '@/src/providers/usage';
import type { CallInput } from './recorder';

/**
 * After a worker restart, answers still marked streaming lost their stream: each one that had
 * reached a provider is recorded as an interrupted call, before it is marked interrupted. The
 * prompt is not in the answer record, so only the answer's tokens are estimated.
 */
export async function recordInterruptedAnswers(db: AnswersDatabase, record: (call: CallInput) => Promise<unknown>): Promise<void> {
  for (const answer of await db.messages.where('status').equals('streaming').toArray()) {
    const by = answer.answeredBy;
    if (!by) continue;
    await record({
      kind: 'chat',
      provider: by.provider,
      model: by.model,
      keyId: by.keyId,
      startedAt: answer.startedAt,
      endedAt: answer.updatedAt,
      ...(answer.firstTokenAt === undefined ? {} : { firstTokenAt: answer.firstTokenAt }),
      usage: answer.usage ?? { inputTokens: 0, outputTokens: estimateTokens(answer.text.length + answer.reasoning.length), cachedInputTokens: 0, reasoningTokens: 0, estimated: true },
      outcome: 'interrupted',
      requestId: answer.id,
    });
  }
}
