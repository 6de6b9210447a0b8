import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import type { AnswerRecord } from '@/src/history';
import {
  cancelHistoryIndex,
  pauseHistoryIndex,
  readHistoryJob,
  resumeHistoryIndex,
  runHistoryIndex,
  startHistoryIndex,
  messagePieces,
  historyCharsToIndex,
  PIECE_CHARS,
  type EmbedTexts,
  type HistoryIndexEnv,
} from '@/src/knowledge/history-index';
import { countVectors } from '@/src/knowledge/vector-store';
import type { KnowledgeDatabase } from '@/src/knowledge/knowledge-db';
import { testHistory, type TestHistory } from '../history/helpers';
import { freshKnowledge } from './helpers';
import { mockEmbedding } from '@/tests/fixtures/mock-embeddings';

let knowledge: KnowledgeDatabase;
let chat: TestHistory;
/** Every text each embedding call received, in order. */
let calls: string[][];
/** Runs before each embedding call (a test fails one, or changes the job meanwhile). */
let beforeCall: ((call: number) => Promise<void> | void) | undefined;

const embed: EmbedTexts = async (_target, texts) => {
  calls.push(texts);
  await beforeCall?.(calls.length);
  return { vectors: texts.map((text) => mockEmbedding(text, 64)), dims: 64, inputTokens: texts.join(' ').length / 4, costUsd: 0 };
};
const env = (): HistoryIndexEnv => ({ history: chat.db, embed, modelKey: (target) => `${target.keyId ?? 'local'}/${target.model}` });
const TARGET = { keyId: 'key1', model: 'text-embedding-3-small' };
const MODEL = 'key1/text-embedding-3-small';

beforeEach(() => {
  knowledge = freshKnowledge();
  chat = testHistory();
  calls = [];
  beforeCall = undefined;
});
afterEach(() => knowledge.close());

/** `count` conversations of one question each ("message 0" the oldest); returns their ids, oldest first. */
async function seed(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const { id } = await chat.history.createConversation({});
    await chat.history.addUserMessage(id, { text: `message ${index} about topic${index}` });
    ids.push(id);
  }
  return ids;
}

const embedded = () => calls.flat();

describe('history index', () => {
  test('conversations imported after the index finished, older than it: indexed on the next run, nothing embedded twice', async () => {
    // An export made from another history whose clock is earlier: its messages are older than any here.
    const other = testHistory(1_600_000_000_000);
    const old = await other.history.createConversation({ title: 'Old' });
    await other.history.addUserMessage(old.id, { text: 'an ancient lighthouse keeper' });
    const content = await other.history.exportJson();
    await seed(3);
    await startHistoryIndex(env(), TARGET);
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toHaveLength(3);
    await chat.history.importJson(content);
    expect(await readHistoryJob()).toMatchObject({ state: 'running', done: 0, total: 4 });
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toHaveLength(4);
    expect(embedded().at(-1)).toBe('an ancient lighthouse keeper');
    expect(await countVectors('history', MODEL)).toBe(4);
    expect(await readHistoryJob()).toMatchObject({ state: 'done', done: 4, total: 4 });
  });

  test('embeds every message once, newest first, in batches; progress ends at total', async () => {
    await seed(70);
    const job = await startHistoryIndex(env(), TARGET);
    expect(job).toMatchObject({ id: 'history', model: MODEL, state: 'running', done: 0, total: 70, target: TARGET });
    expect(await runHistoryIndex(env())).toBe('done');
    expect(calls.map((call) => call.length)).toEqual([32, 32, 6]);
    expect(embedded()[0]).toBe('message 69 about topic69');
    expect(embedded().at(-1)).toBe('message 0 about topic0');
    expect(new Set(embedded()).size).toBe(70);
    expect(await readHistoryJob()).toMatchObject({ state: 'done', done: 70, total: 70 });
    expect(await countVectors('history', MODEL)).toBe(70);
  });

  test('a provider failing halfway: the job fails with a code, resumes at the failed batch; nothing embedded, stored or counted twice', async () => {
    await seed(80);
    await startHistoryIndex(env(), TARGET);
    beforeCall = (call) => {
      if (call === 2) throw new AppError('PROVIDER_ERROR', phrase('genericError'));
    };
    expect(await runHistoryIndex(env())).toBe('failed');
    expect(await readHistoryJob()).toMatchObject({ state: 'failed', error: 'PROVIDER_ERROR', done: 32, total: 80 });
    expect(await countVectors('history', MODEL)).toBe(32);
    // Still failed: a run does nothing until the user resumes.
    expect(await runHistoryIndex(env())).toBe('failed');
    expect(calls).toHaveLength(2);

    beforeCall = undefined;
    await resumeHistoryIndex();
    expect(await runHistoryIndex(env())).toBe('done');
    const succeeded = [calls[0]!, ...calls.slice(2)].flat();
    expect(succeeded).toHaveLength(80);
    expect(new Set(succeeded).size).toBe(80);
    // The failed call is the one retried, and only it.
    expect(calls[2]).toEqual(calls[1]);
    expect(await readHistoryJob()).toMatchObject({ state: 'done', done: 80, total: 80, error: undefined });
    expect(await countVectors('history', MODEL)).toBe(80);
  });

  test('the model changed mid-index: the batch under way writes nothing, the old vectors go, the new model indexes everything', async () => {
    await seed(50);
    await startHistoryIndex(env(), TARGET);
    const other = { keyId: null, model: 'tiny-embed' };
    beforeCall = async (call) => {
      if (call === 2) await startHistoryIndex(env(), other);
    };
    expect(await runHistoryIndex(env())).toBe('done');
    expect(await countVectors('history', MODEL)).toBe(0);
    expect(await countVectors('history', 'local/tiny-embed')).toBe(50);
    expect(await readHistoryJob()).toMatchObject({ model: 'local/tiny-embed', state: 'done', done: 50, total: 50, target: other });
    expect(await knowledge.vectors.filter((row) => row.model === MODEL).count()).toBe(0);
  });

  test('pause keeps the batch under way (it is paid for) and stops; resume goes on from there', async () => {
    await seed(70);
    await startHistoryIndex(env(), TARGET);
    beforeCall = async (call) => {
      if (call === 1) await pauseHistoryIndex();
    };
    expect(await runHistoryIndex(env())).toBe('paused');
    expect(await readHistoryJob()).toMatchObject({ state: 'paused', done: 32 });
    expect(await countVectors('history', MODEL)).toBe(32);
    beforeCall = undefined;
    await resumeHistoryIndex();
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toHaveLength(70);
    expect(new Set(embedded()).size).toBe(70);
  });

  test('a damaged cursor starts the count again; what is stored is not embedded again', async () => {
    await seed(70);
    await startHistoryIndex(env(), TARGET);
    beforeCall = async (call) => {
      if (call === 2) await pauseHistoryIndex();
    };
    expect(await runHistoryIndex(env())).toBe('paused');
    await knowledge.jobs.update('history', { cursor: '{not json' });
    beforeCall = undefined;
    await resumeHistoryIndex();
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toHaveLength(70);
    expect(new Set(embedded()).size).toBe(70);
    expect(await readHistoryJob()).toMatchObject({ state: 'done', done: 70, total: 70 });
  });

  test('new messages after it finished are indexed incrementally (only they); a streaming answer waits until it ends', async () => {
    const [first] = await seed(3);
    await startHistoryIndex(env(), TARGET);
    await runHistoryIndex(env());
    calls = [];
    await chat.history.addUserMessage(first!, { text: 'a new question about volcanoes' });
    const answer = {
      id: 'answer-1',
      conversationId: first!,
      role: 'assistant',
      status: 'streaming',
      text: 'Lava is molten',
      reasoning: '',
      fellBackFrom: [],
      startedAt: chat.clock.now++,
      updatedAt: chat.clock.now,
    } satisfies AnswerRecord;
    await chat.db.messages.put(answer);
    await resumeHistoryIndex();
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toEqual(['a new question about volcanoes']);
    expect(await readHistoryJob()).toMatchObject({ state: 'done', done: 4, total: 5 });
    await chat.db.messages.put({ ...answer, status: 'complete', text: 'Lava is molten rock.' });
    await resumeHistoryIndex();
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toEqual(['a new question about volcanoes', 'Lava is molten rock.']);
    expect(await readHistoryJob()).toMatchObject({ state: 'done', done: 5, total: 5 });
    expect(await countVectors('history', MODEL)).toBe(5);
  });

  test('cancel deletes the job and every history vector; a run under way stops without writing', async () => {
    await seed(40);
    await startHistoryIndex(env(), TARGET);
    beforeCall = async (call) => {
      if (call === 2) await cancelHistoryIndex();
    };
    expect(await runHistoryIndex(env())).toBe('stopped');
    expect(await readHistoryJob()).toBeUndefined();
    expect(await knowledge.vectors.count()).toBe(0);
  });

  test('deleting a conversation deletes its vectors, and only its', async () => {
    const [keep, drop] = await seed(2);
    await startHistoryIndex(env(), TARGET);
    await runHistoryIndex(env());
    expect(await countVectors('history', MODEL)).toBe(2);
    await chat.history.deleteConversation(drop!);
    const left = await knowledge.vectors.toArray();
    expect(left.map((row) => row.sourceId.split('/')[0])).toEqual([encodeURIComponent(keep!)]);
  });

  test('messages of one millisecond are never split between batches', async () => {
    const { id } = await chat.history.createConversation({});
    for (let index = 0; index < 40; index++) await chat.history.addUserMessage(id, { text: `same time ${index}`, startedAt: 1000 + Math.floor(index / 10) });
    await startHistoryIndex(env(), TARGET);
    expect(await runHistoryIndex(env())).toBe('done');
    expect(embedded()).toHaveLength(40);
    expect(new Set(embedded()).size).toBe(40);
  });

  test('a long message is cut into pieces at spaces; the estimate counts their characters', async () => {
    const long = Array.from({ length: 700 }, (_, index) => `word${index}`).join(' ');
    const pieces = messagePieces({ id: 'm', conversationId: 'c', role: 'user', text: long, startedAt: 1 });
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((piece) => piece.length <= PIECE_CHARS)).toBe(true);
    expect(pieces.join(' ')).toBe(long.slice(0, pieces.join(' ').length));
    const { id } = await chat.history.createConversation({});
    await chat.history.addUserMessage(id, { text: 'hello there' });
    expect(await historyCharsToIndex(chat.db)).toEqual({ messages: 1, chars: 11 });
  });
});
