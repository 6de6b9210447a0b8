import { beforeEach, expect, test } from 'vitest';
import { cancelHistoryIndex, readHistoryJob, startHistoryIndex, type EmbedTexts, type HistoryIndexEnv } from '@/src/knowledge/history-index';
import { ensureHistoryIndexer, indexNewMessages } from '@/src/knowledge/history-index-runner';
import { mockEmbedding } from '@/tests/fixtures/mock-embeddings';
import { testHistory, type TestHistory } from '../history/helpers';
import { freshKnowledge } from './helpers';

let chat: TestHistory;
let calls: string[][];
let signals: (AbortSignal | undefined)[];
let hold: Promise<void> | undefined;

const embed: EmbedTexts = async (_target, texts, _purpose, opts) => {
  calls.push(texts);
  signals.push(opts?.signal);
  if (hold) {
    const signal = opts?.signal;
    await Promise.race([hold, new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))]);
  }
  return { vectors: texts.map((text) => mockEmbedding(text, 32)), dims: 32, inputTokens: 1, costUsd: 0 };
};
const env = (): Promise<HistoryIndexEnv> => Promise.resolve({ history: chat.db, embed, modelKey: (target) => `${target.keyId ?? 'local'}/${target.model}` });
const TARGET = { keyId: 'k', model: 'm' };

beforeEach(async () => {
  freshKnowledge();
  chat = testHistory();
  calls = [];
  signals = [];
  hold = undefined;
  for (let index = 0; index < 40; index++) {
    const { id } = await chat.history.createConversation({});
    await chat.history.addUserMessage(id, { text: `note ${index}` });
  }
});

test('one runner per page: asking again while it runs adds nothing; it runs the job to the end', async () => {
  await startHistoryIndex(await env(), TARGET);
  const first = ensureHistoryIndexer(env);
  const second = ensureHistoryIndexer(env);
  expect(second).toBe(first);
  expect(await first).toBe('done');
  expect(calls.flat()).toHaveLength(40);
  expect(new Set(calls.flat()).size).toBe(40);
});

test('a cancel aborts the embedding call under way; the runner stops', async () => {
  await startHistoryIndex(await env(), TARGET);
  let release!: () => void;
  hold = new Promise((resolve) => (release = resolve));
  const running = ensureHistoryIndexer(env);
  await expect.poll(() => calls.length).toBe(1);
  await cancelHistoryIndex();
  expect(await running).toBe('stopped');
  expect(signals[0]?.aborted).toBe(true);
  release();
  expect(await readHistoryJob()).toBeUndefined();
});

test('new messages: a finished job runs again, for them only', async () => {
  await startHistoryIndex(await env(), TARGET);
  await ensureHistoryIndexer(env);
  calls = [];
  const { id } = await chat.history.createConversation({});
  await chat.history.addUserMessage(id, { text: 'fresh words' });
  await indexNewMessages(env);
  await expect.poll(async () => (await readHistoryJob())?.state).toBe('done');
  await expect.poll(() => calls.flat()).toEqual(['fresh words']);
});
