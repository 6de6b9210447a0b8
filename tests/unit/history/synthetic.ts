import type { AnswerRecord } from '@/src/chat/answer-record';
import type { ConversationRow, UserMessage } from '@/src/history/rows';

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same history. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka ri to me na so lu ve pa di go ne ra ti mo ba se ku lo fi ta wa ha yo ze ch st pr tr an en in on un er ar or'.split(' ');
const FOREIGN = ['größe', 'café', 'naïve', 'señal', 'привет', 'данные', 'λόγος', 'δεδομένα', '東京都', '日本語の文章', 'データベース', '数据库'];

/** Words drawn from a Zipf-like law over a made-up vocabulary: a few very common, a long tail of rare. */
export function vocabulary(size: number, next: () => number): { words: string[]; pick: () => string } {
  const words: string[] = [];
  const seen = new Set<string>();
  while (words.length < size) {
    const parts = 1 + Math.floor(next() * next() * 5);
    let word = '';
    for (let i = 0; i < parts; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    if (next() < 0.01) word = FOREIGN[Math.floor(next() * FOREIGN.length)] + word.slice(0, 2);
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= size; rank++) cumulative.push((total += 1 / rank ** 1.05));
  const pick = (): string => {
    const target = next() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return words[low] ?? 'x';
  };
  return { words, pick };
}

export interface SyntheticOptions {
  conversations: number;
  messagesPerConversation: number;
  seed?: number;
  vocabularySize?: number;
  /** Words in a user message / an answer, picked uniformly in these ranges. */
  userWords?: [number, number];
  answerWords?: [number, number];
  /** When the first conversation starts (each takes 60 s plus 1 s per message); 2024-01-01 by default. */
  start?: number;
}

export interface SyntheticConversation {
  conversation: ConversationRow;
  messages: (UserMessage | AnswerRecord)[];
}

/** A history shaped like a real one: alternating questions and longer answers, newest last. */
export function* syntheticHistory(options: SyntheticOptions): Generator<SyntheticConversation> {
  const next = random(options.seed ?? 1);
  const { pick } = vocabulary(options.vocabularySize ?? 30_000, next);
  const [userMin, userMax] = options.userWords ?? [5, 45];
  const [answerMin, answerMax] = options.answerWords ?? [80, 320];
  const sentence = (min: number, max: number): string => {
    const count = min + Math.floor(next() * (max - min + 1));
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(pick() + (next() < 0.08 ? '.' : next() < 0.05 ? ',' : ''));
    return out.join(next() < 0.02 ? '\n' : ' ');
  };
  let clock = options.start ?? Date.UTC(2024, 0, 1);
  for (let c = 0; c < options.conversations; c++) {
    const id = `conv${c.toString(36).padStart(6, '0')}`;
    const createdAt = (clock += 60_000);
    const messages: (UserMessage | AnswerRecord)[] = [];
    for (let m = 0; m < options.messagesPerConversation; m++) {
      const startedAt = createdAt + m * 1000;
      const messageId = `${id}-m${m}`;
      if (m % 2 === 0) {
        messages.push({ id: messageId, conversationId: id, role: 'user', text: sentence(userMin, userMax), startedAt });
      } else {
        messages.push({
          id: messageId,
          conversationId: id,
          role: 'assistant',
          status: 'complete',
          text: sentence(answerMin, answerMax),
          reasoning: '',
          answeredBy: { index: 0, provider: 'openai', model: 'gpt-test', keyId: 'key1' },
          fellBackFrom: [],
          startedAt,
          updatedAt: startedAt + 500,
          completedAt: startedAt + 500,
        });
      }
    }
    const last = messages.at(-1);
    clock += messages.length * 1000;
    yield {
      conversation: {
        id,
        title: (messages[0]?.text ?? '').slice(0, 60),
        createdAt,
        updatedAt: last ? last.startedAt + 500 : createdAt,
        messageCount: messages.length,
        preview: (last?.text ?? '').slice(0, 120),
      },
      messages,
    };
  }
}
