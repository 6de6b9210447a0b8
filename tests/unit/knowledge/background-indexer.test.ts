import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pauseHistoryIndex, readHistoryJob, startHistoryIndex, type EmbedTexts, type HistoryIndexEnv } from '@/src/knowledge/history-index';
import { indexInBackground } from '@/src/knowledge/background-indexer';
import { addItem, indexItem, indexItemExclusive, type ItemSource } from '@/src/knowledge/collection-index';
import { createCollection, spaceOf } from '@/src/knowledge/collection-store';
import { chunkMarkdown } from '@/src/knowledge/chunk';
import { countVectors } from '@/src/knowledge/vector-store';
import { HISTORY_INDEX_LOCK, isIndexingLock, itemIndexLock } from '@/src/knowledge/index-locks';
import { lockInUse, withLock } from '@/src/platform/locks';
import { closeIdleModelHost, MODEL_HOST_IDLE_ALARM } from '@/src/local-model/host-client';
import type { KnowledgeDatabase } from '@/src/knowledge/knowledge-db';
import { mockEmbedding } from '@/tests/fixtures/mock-embeddings';
import { testHistory, type TestHistory } from '../history/helpers';
import { freshKnowledge } from './helpers';
import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';

/**
 * The hidden page's runner (src/knowledge/background-indexer.ts): it picks up what the pages left
 * (a running history job, items still `indexing`), does nothing when there is nothing, shares the
 * per-item lock with the pages' runIndex, and the worker does not close the page under an indexing lock.
 */

let db: KnowledgeDatabase;
let chat: TestHistory;
let calls: string[][];
let hold: Promise<void> | undefined;

const embed: EmbedTexts = async (_target, texts) => {
  calls.push(texts);
  if (hold) await hold;
  return { vectors: texts.map((text) => mockEmbedding(text, 32)), dims: 32, inputTokens: 1, costUsd: 0 };
};
const historyEnv = (): Promise<HistoryIndexEnv> => Promise.resolve({ history: chat.db, embed, modelKey: (target) => `${target.keyId ?? 'local'}/${target.model}` });
const deps = { historyEnv, embed };
const KEYED = { keyId: 'key-1', model: 'text-embedding-3-small' };
const LOCAL = { keyId: null, model: 'keyward-test/tiny-embed' };

function source(sections: number, title: string): ItemSource {
  const text = Array.from({ length: sections }, (_, index) => `# Part ${index}\nWords${index} about thing${index}.`).join('\n');
  return { kind: 'markdown', title, fileName: `${title}.md`, blob: new Blob([text]), chunks: chunkMarkdown(text) };
}

async function collectionWithItem(target: typeof KEYED | typeof LOCAL, name = 'Docs', sections = 5) {
  const made = await createCollection(name, target);
  if (!made.ok) throw new Error(made.problem);
  const item = await addItem(made.value.id, source(sections, `${name} guide`));
  return { collection: made.value, item };
}

beforeEach(async () => {
  db = freshKnowledge();
  chat = testHistory();
  calls = [];
  hold = undefined;
  for (let index = 0; index < 10; index++) {
    const { id } = await chat.history.createConversation({});
    await chat.history.addUserMessage(id, { text: `note ${index}` });
  }
});

test('a running history job left by the pages: the hidden runner takes it to the end', async () => {
  await startHistoryIndex(await historyEnv(), KEYED);
  await indexInBackground('all', deps);
  expect((await readHistoryJob())?.state).toBe('done');
  expect(calls.flat()).toHaveLength(10);
});

test('items left `indexing`: the hidden runner embeds each, once, and they are ready', async () => {
  const first = await collectionWithItem(KEYED, 'Docs', 5);
  const second = await collectionWithItem(KEYED, 'More', 3);
  await indexInBackground('all', deps);
  expect((await db.items.get(first.item.id))?.status).toBe('ready');
  expect((await db.items.get(second.item.id))?.status).toBe('ready');
  expect(await countVectors(spaceOf(first.collection.id), first.collection.model)).toBe(5);
  expect(calls.flat()).toHaveLength(8);
  expect(new Set(calls.flat()).size).toBe(8);
});

test('nothing to do: no job, a paused job, ready and failed items: nothing is embedded', async () => {
  await indexInBackground('all', deps);
  expect(calls).toEqual([]);
  await startHistoryIndex(await historyEnv(), KEYED);
  await pauseHistoryIndex();
  const { item } = await collectionWithItem(KEYED);
  await db.items.update(item.id, { status: 'failed', error: 'PROVIDER_ERROR' });
  await indexInBackground('all', deps);
  expect(calls).toEqual([]);
  expect((await readHistoryJob())?.state).toBe('paused');
  expect((await db.items.get(item.id))?.status).toBe('failed');
});

test('at the browser start (scope keyless) only in-browser models run: a keyed one would meet the locked vault', async () => {
  const keyed = await collectionWithItem(KEYED, 'Keyed', 2);
  const local = await collectionWithItem(LOCAL, 'Local', 3);
  await startHistoryIndex(await historyEnv(), KEYED);
  await indexInBackground('keyless', deps);
  expect((await db.items.get(local.item.id))?.status).toBe('ready');
  expect((await db.items.get(keyed.item.id))?.status).toBe('indexing');
  expect((await readHistoryJob())?.state).toBe('running');
  expect(calls.flat()).toHaveLength(3);
  await indexInBackground('all', deps);
  expect((await db.items.get(keyed.item.id))?.status).toBe('ready');
  expect((await readHistoryJob())?.state).toBe('done');
});

test("a page's runIndex and the hidden runner on one item: its chunks are embedded once, not twice at once", async () => {
  const { collection, item } = await collectionWithItem(KEYED, 'Docs', 6);
  let release!: () => void;
  hold = new Promise((resolve) => (release = resolve));
  // The page's run (collections-runner.ts runIndex) holds the item's lock, its first batch in flight.
  const page = indexItemExclusive(item.id, { embed, batch: 2 });
  await expect.poll(() => calls.length).toBe(1);
  const hidden = indexInBackground('all', deps);
  await new Promise((resolve) => setTimeout(resolve, 30));
  // The hidden runner waits for the lock: no second call for the same chunks.
  expect(calls).toHaveLength(1);
  release();
  expect((await page)?.ok).toBe(true);
  await hidden;
  expect(calls.flat()).toHaveLength(6);
  expect(new Set(calls.flat()).size).toBe(6);
  expect(await countVectors(spaceOf(collection.id), collection.model)).toBe(6);
});

test('a page that closed mid-item: the hidden runner embeds only what is still missing', async () => {
  const { collection, item } = await collectionWithItem(KEYED, 'Docs', 6);
  // The page stored 4 of 6 and closed: its lock released, the item still `indexing`.
  await withLock(itemIndexLock(item.id), async () => {
    const stop = new AbortController();
    let batches = 0;
    await indexItem(item.id, {
      batch: 2,
      signal: stop.signal,
      embed: async (target, texts, purpose, opts) => {
        if (++batches === 2) stop.abort();
        return embed(target, texts, purpose, opts);
      },
    });
  });
  await db.items.update(item.id, { status: 'indexing', error: undefined });
  calls = [];
  await indexInBackground('all', deps);
  expect((await db.items.get(item.id))?.status).toBe('ready');
  expect(calls.flat()).toHaveLength(2);
  expect(await countVectors(spaceOf(collection.id), collection.model)).toBe(6);
});

test("the page's run fails while the hidden runner waits for the item's lock: the item stays failed, not retried behind the user's back", async () => {
  const { item } = await collectionWithItem(KEYED, 'Docs', 4);
  let fail!: () => void;
  const failing = new Promise<void>((resolve) => (fail = resolve));
  const page = indexItemExclusive(item.id, {
    embed: async (_target, texts) => {
      calls.push(texts);
      await failing;
      throw new AppError('PROVIDER_ERROR', phrase('genericError'));
    },
  });
  await expect.poll(() => calls.length).toBe(1);
  const hidden = indexInBackground('all', deps);
  await new Promise((resolve) => setTimeout(resolve, 30));
  fail();
  expect((await page)?.ok).toBe(false);
  await hidden;
  expect(calls).toHaveLength(1);
  expect((await db.items.get(item.id))?.status).toBe('failed');
});

describe_idle();

function describe_idle() {
  let open = true;
  const closeDocument = vi.fn(() => {
    open = false;
    return Promise.resolve();
  });
  beforeEach(() => {
    open = true;
    closeDocument.mockClear();
    Object.assign(fakeBrowser, { offscreen: { createDocument: () => Promise.resolve(), closeDocument } });
    Object.assign(fakeBrowser.runtime, { getContexts: () => Promise.resolve(open ? [{ documentUrl: 'model-host.html' }] : []) });
  });
  afterEach(() => {
    delete (fakeBrowser as { offscreen?: unknown }).offscreen;
  });

  test('the idle close leaves the hidden page open while an indexing lock is held or waited for, then closes it', async () => {
    let releaseHistory!: () => void;
    const history = withLock(HISTORY_INDEX_LOCK, () => new Promise<void>((resolve) => (releaseHistory = resolve)));
    expect(await closeIdleModelHost()).toBe(false);
    expect(closeDocument).not.toHaveBeenCalled();
    // Looked at again after the idle time.
    expect(await fakeBrowser.alarms.get(MODEL_HOST_IDLE_ALARM)).toBeDefined();
    await fakeBrowser.alarms.clear(MODEL_HOST_IDLE_ALARM);

    // An item: one run holds its lock, a second waits for it; the first ends, the second still waits.
    let releaseFirst!: () => void;
    let releaseSecond!: () => void;
    const first = withLock(itemIndexLock('item-1'), () => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const second = withLock(itemIndexLock('item-1'), () => new Promise<void>((resolve) => (releaseSecond = resolve)));
    releaseHistory();
    await history;
    expect(await closeIdleModelHost()).toBe(false);
    releaseFirst();
    await first;
    await expect.poll(() => releaseSecond).toBeDefined();
    expect(await closeIdleModelHost()).toBe(false);
    expect(closeDocument).not.toHaveBeenCalled();
    releaseSecond();
    await second;

    // The hidden runner holds a run lock of its own for its whole run (so between two items, holding
    // neither item's lock, it is still seen at work); it is an indexing lock to the idle close.
    let releaseItem!: () => void;
    const { item } = await collectionWithItem(KEYED, 'Gap', 1);
    const page = withLock(itemIndexLock(item.id), () => new Promise<void>((resolve) => (releaseItem = resolve)));
    const hidden = indexInBackground('all', deps);
    await expect.poll(() => lockInUse((name) => name.startsWith('keyward-index-run:') && isIndexingLock(name))).toBe(true);
    expect(await closeIdleModelHost()).toBe(false);
    releaseItem();
    await page;
    await hidden;
    expect(await lockInUse(isIndexingLock)).toBe(false);

    // Indexing over, no answer running: the page closes as before.
    expect(await closeIdleModelHost()).toBe(true);
    expect(closeDocument).toHaveBeenCalledTimes(1);
  });
}
