import { describe, expect, test } from 'vitest';
import type { AnswerRecord } from '@/src/chat/answer-record';
import { PENDING_KEY } from '@/src/history/rows';
import { testHistory } from './helpers';

function answer(id: string, conversationId: string, text: string, at: number, status: AnswerRecord['status'] = 'complete'): AnswerRecord {
  return { id, conversationId, role: 'assistant', status, text, reasoning: '', fellBackFrom: [], startedAt: at, updatedAt: at + 1 };
}

describe('index bookkeeping', () => {
  test('an import interrupted before indexing is indexed the next time the history is read', async () => {
    const { history, db, clock } = testHistory();
    await history.createConversation({});
    // What an import leaves when the page closes between writing and indexing.
    await db.transaction('rw', [db.conversations, db.messageRows, db.meta], async () => {
      await db.conversations.add({ id: 'imported', title: 'Imported', createdAt: 1, updatedAt: 2, messageCount: 1, preview: '', pending: 1, titleSet: true });
      await db.messageRows.add(answer('imported-a', 'imported', 'An armadillo rolls up', clock.now));
      await db.meta.put({ key: PENDING_KEY, value: 1 });
    });
    expect((await history.search('armadillo')).map((hit) => hit.conversation.id)).toEqual(['imported']);
    expect(await db.conversations.where('pending').equals(1).count()).toBe(0);
    expect((await db.meta.get(PENDING_KEY))?.value).toBe(0);
    expect((await history.search('imported')).map((hit) => hit.conversation.id)).toEqual(['imported']);
  });

  test('pending conversations without the flag (written before it existed) are indexed too', async () => {
    const { history, db, clock } = testHistory();
    await db.transaction('rw', [db.conversations, db.messageRows], async () => {
      await db.conversations.add({ id: 'older', title: 'Older import', createdAt: 1, updatedAt: 2, messageCount: 1, preview: '', pending: 1, titleSet: true });
      await db.messageRows.add(answer('older-a', 'older', 'A capybara naps', clock.now));
    });
    expect(await db.meta.get(PENDING_KEY)).toBeUndefined();
    expect((await history.search('capybara')).map((hit) => hit.conversation.id)).toEqual(['older']);
    expect((await db.meta.get(PENDING_KEY))?.value).toBe(0);
  });

  test('two answers of one conversation finishing out of order are both indexed', async () => {
    const { history, db, clock } = testHistory();
    const { id } = await history.createConversation({});
    await history.addUserMessage(id, { text: 'compare two models' });
    const at = clock.now;
    await db.messages.put(answer('slow', id, 'Slow answer about narwhals', at, 'streaming'));
    await db.messages.put(answer('fast', id, 'Fast answer about walruses', at + 5));
    expect((await history.search('walruses')).length).toBe(1);
    expect(await history.search('narwhals')).toEqual([]);
    // The slow one completes with an earlier timestamp than the fast one's.
    await db.messages.put(answer('slow', id, 'Slow answer about narwhals', at + 2));
    expect((await history.search('narwhals walruses')).map((hit) => hit.conversation.id)).toEqual([id]);
  });

  test('a streaming answer is not indexed until it stops changing; no half-words are left behind', async () => {
    const { history, db, clock } = testHistory();
    const { id } = await history.createConversation({});
    await history.addUserMessage(id, { text: 'question' });
    const at = clock.now;
    await db.messages.put(answer('live', id, 'The hippopot', at, 'streaming'));
    await history.touch(id);
    expect(await history.search('hippopot ')).toEqual([]);
    await db.messages.put({ ...answer('live', id, 'The hippopotamus yawns', at), updatedAt: at + 50 });
    await history.touch(id);
    expect(await history.search('hippopot ')).toEqual([]);
    expect(await history.search('hippopotamus')).toHaveLength(1);
  });

  test('the snippet comes from a message deep in a long conversation', async () => {
    const { history } = testHistory();
    const { id } = await history.createConversation({});
    for (let i = 0; i < 30; i++) await history.addUserMessage(id, { text: i === 25 ? 'here is the lone pangolin' : `filler message ${i}` });
    const [hit] = await history.search('pangolin');
    expect(hit?.snippet).toBe('here is the lone pangolin');
  });

  test('the index only holds what the conversations hold: after edits and deletes it is empty again', async () => {
    const { history, db } = testHistory();
    const { id } = await history.createConversation({ title: 'Named' });
    const first = await history.addUserMessage(id, { text: 'alpha beta' });
    await history.addUserMessage(id, { text: 'gamma delta' });
    await history.rename(id, 'Renamed title');
    await history.truncateAfter(id, first.id, false);
    const other = await history.createConversation({});
    // Deleted and imported back: indexed again, then deleted for good.
    const exported = await history.exportJson(id);
    await history.deleteConversation(id);
    await history.importJson(exported);
    await history.deleteConversation(id);
    await history.deleteConversation(other.id);
    for (const { id: left } of await history.listConversations()) await history.deleteConversation(left);
    expect(await db.postings.count()).toBe(0);
    expect(await db.searchDocs.count()).toBe(0);
  });
});
