import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import type { AnswerRecord } from '@/src/chat/answer-record';
import { HistoryDatabase } from '@/src/history/history-db';
import { markOrphanedAnswersInterrupted, openAnswersDatabase } from '@/src/history/answers-db';
import { openHistory } from '@/src/history';
import { HISTORY_SCHEMA } from '@/src/history/history-schema';
import { declareSchema } from '@/src/platform/dexie-schema';

function answer(id: string, conversationId: string | null, text: string, at: number, extra: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    id,
    conversationId,
    role: 'assistant',
    status: 'complete',
    text,
    reasoning: 'thinking…',
    answeredBy: { index: 0, provider: 'anthropic', model: 'claude-test', keyId: 'key-1' },
    fellBackFrom: [{ provider: 'openai', model: 'gpt-test', kind: 'rate-limited' }],
    usage: { inputTokens: 10, outputTokens: 20, cachedInputTokens: 0, reasoningTokens: 5, estimated: false },
    finishReason: 'stop',
    startedAt: at,
    firstTokenAt: at + 10,
    updatedAt: at + 100,
    completedAt: at + 100,
    ...extra,
  };
}

const V1_ROWS: AnswerRecord[] = [
  answer('a-1', 'conv-1', 'The first answer about otters', 1_000),
  answer('a-2', 'conv-1', 'A second answer about beavers', 2_000),
  answer('a-3', 'conv-2', 'Another conversation on herons', 3_000),
  answer('a-4', null, 'A one-off translation', 4_000),
  answer('a-5', 'conv-2', 'Half an answer about egr', 5_000, { status: 'streaming', completedAt: undefined, finishReason: undefined }),
];

async function createV1(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({ messages: '&id, conversationId, status, startedAt' });
  await v1.table('messages').bulkAdd(V1_ROWS.map((row) => JSON.parse(JSON.stringify(row))));
  v1.close();
}

describe('version 1 → 2', () => {
  test('keeps every v1 row as it was and makes their conversations visible and searchable', async () => {
    const name = `migrate-${Math.random().toString(36).slice(2)}`;
    await createV1(name);

    const db = new HistoryDatabase(name);
    await db.open();
    // Opened by today's class, the database goes on to the latest version (3 added `attachments`, no content change).
    expect(db.verno).toBe(3);
    const rows = await db.messages.orderBy('id').toArray();
    expect(rows).toEqual(V1_ROWS.map((row) => JSON.parse(JSON.stringify(row))));

    // Version 1 indexes still answer as before.
    expect(await db.messages.where('status').equals('streaming').primaryKeys()).toEqual(['a-5']);
    expect(await db.messages.where('conversationId').equals('conv-1').count()).toBe(2);
    expect((await db.messages.where('startedAt').above(2_500).primaryKeys()).sort()).toEqual(['a-3', 'a-4', 'a-5']);

    // One clock for every context, as in the extension (the worker's `now` is Date.now too).
    let clock = 6_000;
    const history = openHistory(db, { now: () => clock++ });
    const listed = await history.listConversations();
    expect(listed.map((summary) => summary.id)).toEqual(['conv-2', 'conv-1']);
    expect(listed[1]).toMatchObject({ title: 'The first answer about otters', messageCount: 2, createdAt: 1_000, updatedAt: 2_100 });
    expect((await history.search('beavers')).map((hit) => hit.conversation.id)).toEqual(['conv-1']);
    expect((await history.search('otters beav'))[0]?.snippet).toBe('The first answer about otters');
    expect(await history.search('translation')).toEqual([]);

    const conversation = await history.getConversation('conv-2');
    expect(conversation?.messages.map((message) => message.id)).toEqual(['a-3', 'a-5']);

    expect(await markOrphanedAnswersInterrupted(openAnswersDatabase(name), 9_000)).toBe(1);
    expect(await db.messages.get('a-5')).toMatchObject({ status: 'interrupted', text: 'Half an answer about egr', updatedAt: 9_000 });
    expect((await history.search('egr'))[0]?.conversation).toMatchObject({ id: 'conv-2', updatedAt: 9_000 });
    db.close();

    // Reopening at version 2 changes nothing.
    const again = new HistoryDatabase(name);
    expect(await again.messages.count()).toBe(5);
    expect(await again.conversations.count()).toBe(2);
    again.close();
  });

  test('an empty or absent v1 database opens at v2 with empty history', async () => {
    const name = `migrate-empty-${Math.random().toString(36).slice(2)}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ messages: '&id, conversationId, status, startedAt' });
    await v1.open();
    v1.close();
    const history = openHistory(new HistoryDatabase(name));
    expect(await history.listConversations()).toEqual([]);
    expect(await openHistory(new HistoryDatabase(`${name}-fresh`)).countConversations()).toBe(0);
  });
});

describe('version 1 → 2 by the worker (raw IndexedDB, no Dexie)', () => {
  test('the worker opening a v1 database first migrates it exactly as a page would, and the page then opens it as it is', async () => {
    const byPage = `migrate-page-${Math.random().toString(36).slice(2)}`;
    const byWorker = `migrate-worker-${Math.random().toString(36).slice(2)}`;
    await createV1(byPage);
    await createV1(byWorker);

    const pageDb = new HistoryDatabase(byPage);
    await pageDb.open();
    // The worker's first read opens (and upgrades) the database.
    const worker = openAnswersDatabase(byWorker);
    expect(await worker.messages.get('a-1')).toEqual(JSON.parse(JSON.stringify(V1_ROWS[0])));
    worker.close();

    const workerMigrated = new HistoryDatabase(byWorker);
    await workerMigrated.open();
    expect(workerMigrated.verno).toBe(3);
    for (const table of ['messages', 'conversations', 'meta', 'postings', 'searchDocs'] as const) {
      expect(await workerMigrated.table(table).toArray()).toEqual(await pageDb.table(table).toArray());
    }
    expect(await workerMigrated.conversations.count()).toBe(2);
    const history = openHistory(workerMigrated, { now: () => 6_000 });
    expect((await history.search('beavers')).map((hit) => hit.conversation.id)).toEqual(['conv-1']);
    pageDb.close();
    workerMigrated.close();
  });
});

describe('version 2 → 3', () => {
  const v2Rows = async (name: string) => {
    const db = new Dexie(name);
    declareSchema(db, { ...HISTORY_SCHEMA, versions: HISTORY_SCHEMA.versions.filter((step) => step.version <= 2) });
    await db.open();
    await db.table('conversations').add({ id: 'conv-v2', title: 'Herons', titleSet: true, createdAt: 1_000, updatedAt: 1_000, messageCount: 1, preview: 'Where do herons nest?', pending: 1 });
    await db.table('messages').add({ id: 'q-1', conversationId: 'conv-v2', role: 'user', text: 'Where do herons nest?', startedAt: 1_000 });
    await db.table('meta').put({ key: 'pending', value: 1 });
    expect(db.verno).toBe(2);
    expect(db.tables.map((table) => table.name)).not.toContain('attachments');
    db.close();
  };

  test.each([
    ['a page', async (name: string) => {
      const db = new HistoryDatabase(name);
      await db.open();
      db.close();
    }],
    ['the worker', async (name: string) => {
      const worker = openAnswersDatabase(name);
      expect(await worker.messages.get('q-1')).toMatchObject({ text: 'Where do herons nest?' });
      expect(await worker.attachments.count()).toBe(0);
      worker.close();
    }],
  ])('opened first by %s, a v2 database gains the attachments store, its rows untouched and still searchable', async (_by, openFirst) => {
    const name = `migrate-v3-${Math.random().toString(36).slice(2)}`;
    await v2Rows(name);
    await openFirst(name);

    const db = new HistoryDatabase(name);
    await db.open();
    expect(db.verno).toBe(3);
    const store = db.attachments.schema;
    expect(store.primKey).toMatchObject({ keyPath: 'id', unique: true });
    expect(store.indexes.map((index) => index.name).sort()).toEqual(['conversationId', 'messageId']);
    expect(await db.messages.toArray()).toEqual([{ id: 'q-1', conversationId: 'conv-v2', role: 'user', text: 'Where do herons nest?', startedAt: 1_000 }]);
    expect(await db.conversations.count()).toBe(1);

    const history = openHistory(db, { now: () => 2_000 });
    expect((await history.search('herons')).map((hit) => hit.conversation.id)).toEqual(['conv-v2']);
    const blob = new Blob(['otters and herons'], { type: 'text/plain' });
    await history.addUserMessage('conv-v2', {
      id: 'q-2',
      startedAt: 2_000,
      text: 'And this file?',
      attachments: [{ id: 'file-0001', kind: 'text', name: 'notes.txt', mime: 'text/plain', size: blob.size, source: 'file', textChars: 17, blob, text: 'otters and herons' }],
    });
    expect(await db.attachments.where('conversationId').equals('conv-v2').primaryKeys()).toEqual(['file-0001']);
    db.close();
  });
});
