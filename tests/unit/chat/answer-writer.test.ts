import { describe, expect, test, vi } from 'vitest';
import type { AnswerRecord } from '@/src/chat/answer-record';
import { AnswerWriter } from '@/src/chat/answer-writer';
import type { AnswersDatabase } from '@/src/history/answers-db';
import type { ServerMessage } from '@/src/chat/port-protocol';

function writer() {
  let clock = 1_000;
  const record: AnswerRecord = { id: 'answer-1', conversationId: null, role: 'assistant', status: 'streaming', text: '', reasoning: '', fellBackFrom: [], startedAt: clock, updatedAt: clock };
  const db = { messages: { put: vi.fn(async () => undefined) } } as unknown as AnswersDatabase;
  const answer = new AnswerWriter(record, db, () => clock);
  const posted: string[] = [];
  answer.subscribers.add({ post: (message: ServerMessage) => void (message.type === 'delta' && posted.push(message.text)) });
  return { answer, posted, tick: (ms: number) => (clock += ms) };
}

describe('AnswerWriter posts deltas to the pages', () => {
  test('at once until the first readable words are out (markup alone is not), then batched', () => {
    vi.useFakeTimers();
    try {
      const { answer, posted, tick } = writer();
      answer.append('text', '**');
      tick(1);
      answer.append('text', 'Harmony');
      expect(posted).toEqual(['**', 'Harmony']);
      tick(1);
      answer.append('text', ' Day');
      answer.append('text', '**');
      // Readable text is out: the rest waits for the next batch.
      expect(posted).toEqual(['**', 'Harmony']);
      tick(40);
      vi.advanceTimersByTime(40);
      expect(posted).toEqual(['**', 'Harmony', ' Day**']);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a long run of symbols without words is batched too: the pages are never flooded', () => {
    vi.useFakeTimers();
    try {
      const { answer, posted, tick } = writer();
      for (let i = 0; i < 100; i++) {
        answer.append('text', '-----');
        tick(1);
      }
      expect(posted.length).toBeLessThan(60);
      expect(posted.join('').length).toBeGreaterThan(256);
    } finally {
      vi.useRealTimers();
    }
  });
});
