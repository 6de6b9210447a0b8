import { describe, expect, test } from 'vitest';
import type { ConversationRow, StoredMessageRow } from '@/src/history/rows';
import { testHistory } from './helpers';

describe('damaged rows', () => {
  test('a damaged conversation row is skipped by listing and search, counted, and kept', async () => {
    const { history, db } = testHistory();
    const good = await history.createConversation({});
    await history.addUserMessage(good.id, { text: 'shared word kiwi' });
    const bad = await history.createConversation({});
    await history.addUserMessage(bad.id, { text: 'shared word kiwi again' });
    const row = await db.conversations.where('id').equals(bad.id).first();
    const broken = { ...row, title: 42, updatedAt: Number.MAX_SAFE_INTEGER } as unknown as ConversationRow;
    await db.conversations.put(broken);

    expect((await history.listConversations()).map((summary) => summary.id)).toEqual([good.id]);
    expect((await history.lastConversation())?.id).toBe(good.id);
    expect((await history.search('kiwi')).map((hit) => hit.conversation.id)).toEqual([good.id]);
    expect(await history.getConversation(bad.id)).toBeUndefined();
    expect(history.damagedRows().conversations).toEqual([bad.id]);

    await expect(history.touch(bad.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(history.rename(bad.id, 'fixed?')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await history.reindexStale();
    expect(await db.conversations.where('id').equals(bad.id).first()).toEqual(broken);
    expect(await db.messages.where('conversationId').equals(bad.id).count()).toBe(1);
    expect(await history.countConversations()).toBe(2);
  });

  test('a conversation whose last model choice no longer passes the chat port\'s check keeps loading, without that choice', async () => {
    const { history, db } = testHistory();
    const kept = await history.createConversation({});
    const dropped = await history.createConversation({});
    const valid = [{ keyId: 'key-1', model: 'gpt-4o' }];
    const rowOf = async (id: string) => (await db.conversations.where('id').equals(id).first()) as ConversationRow;
    await db.conversations.put({ ...(await rowOf(kept.id)), lastTargets: valid });
    await db.conversations.put({ ...(await rowOf(dropped.id)), lastTargets: [{ keyId: '', model: '' }] } as unknown as ConversationRow);

    expect((await history.getConversation(kept.id))?.conversation.lastTargets).toEqual(valid);
    const loaded = await history.getConversation(dropped.id);
    expect(loaded?.conversation.id).toBe(dropped.id);
    expect(loaded?.conversation.lastTargets).toBeUndefined();
    expect(history.damagedRows().conversations).toEqual([]);
  });

  test('a damaged message is skipped and counted; the rest of the conversation still loads, indexes and exports', async () => {
    const { history, db } = testHistory();
    const { id } = await history.createConversation({});
    await history.addUserMessage(id, { text: 'first mango' });
    const damaged = { id: 'broken-1', conversationId: id, role: 'user', startedAt: 5, text: { html: 'nope' } } as unknown as StoredMessageRow;
    await db.messageRows.put(damaged);
    const noTime = { id: 'broken-2', conversationId: id, role: 'assistant', status: 'complete' } as unknown as StoredMessageRow;
    await db.messageRows.put(noTime);
    await history.addUserMessage(id, { text: 'second papaya' });
    await history.touch(id);

    const loaded = await history.getConversation(id);
    expect(loaded?.damaged).toBe(2);
    expect(loaded?.messages.map((message) => message.text)).toEqual(['first mango', 'second papaya']);
    expect(loaded?.conversation.messageCount).toBe(2);
    expect(await history.search('mango papaya')).toHaveLength(1);
    expect(history.damagedRows().messages).toEqual(['broken-1', 'broken-2']);
    expect(JSON.parse(await history.exportJson(id)).conversations[0].messages).toHaveLength(2);
    expect(await db.messageRows.get('broken-1')).toEqual(damaged);
    expect(await db.messageRows.get('broken-2')).toEqual(noTime);
  });
});
