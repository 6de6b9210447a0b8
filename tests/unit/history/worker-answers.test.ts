import { describe, expect, test } from 'vitest';
import { AnswerWriter } from '@/src/chat/answer-writer';
import type { AnswerRecord } from '@/src/chat/answer-record';
import { markOrphanedAnswersInterrupted, type AnswersDatabase } from '@/src/history/answers-db';
import { openHistory } from '@/src/history';
import { testHistory } from './helpers';

/** What the worker does for one answer (src/chat/chat-streams.ts): a row at start, saves while streaming, a final save. */
function workerAnswer(db: AnswersDatabase, conversationId: string, id: string, at: number): AnswerWriter {
  const record: AnswerRecord = {
    id,
    conversationId,
    role: 'assistant',
    status: 'streaming',
    text: '',
    reasoning: '',
    fellBackFrom: [],
    startedAt: at,
    updatedAt: at,
  };
  let clock = at;
  return new AnswerWriter(record, db, () => ++clock);
}

describe('answers written by the worker', () => {
  test('show up in order in getConversation and are searchable after touch', async () => {
    const { history, answers, clock } = testHistory();
    const { id } = await history.createConversation({});
    const question = await history.addUserMessage(id, { text: 'Tell me about volcanoes' });
    const writer = workerAnswer(answers, id, 'answer-0001', clock.now);
    await writer.begin();
    writer.append('text', 'Magma rises through the crust');
    await writer.save();

    const during = await history.getConversation(id);
    expect(during?.messages.map((message) => message.id)).toEqual([question.id, 'answer-0001']);
    expect(during?.messages[1]).toMatchObject({ role: 'assistant', status: 'streaming', text: 'Magma rises through the crust' });

    writer.append('text', ' and erupts as lava.');
    writer.record.answeredBy = { index: 0, provider: 'openai', model: 'gpt-4o', keyId: 'k1' };
    await writer.finish({ status: 'complete' }, (answer) => ({ type: 'done', answer }));
    await history.touch(id);

    const [hit] = await history.search('lava');
    expect(hit?.conversation).toMatchObject({ id, messageCount: 2, preview: 'Magma rises through the crust and erupts as lava.' });
    expect(hit?.snippet).toBe('Magma rises through the crust and erupts as lava.');
  });

  test('are found without touch: listing and search reindex what the worker finished', async () => {
    const { history, db, answers, clock } = testHistory();
    const older = await history.createConversation({});
    await history.addUserMessage(older.id, { text: 'first question' });
    const newer = await history.createConversation({});
    await history.addUserMessage(newer.id, { text: 'second question' });

    // The popup closed while the answer streamed: nobody called touch.
    const writer = workerAnswer(answers, older.id, 'answer-0002', clock.now + 1000);
    await writer.begin();
    writer.append('text', 'A quokka is a small marsupial.');
    await writer.finish({ status: 'complete' }, (answer) => ({ type: 'done', answer }));

    const otherPage = openHistory(db);
    expect((await otherPage.search('quokka')).map((hit) => hit.conversation.id)).toEqual([older.id]);
    const [first] = await otherPage.listConversations();
    expect(first).toMatchObject({ id: older.id, messageCount: 2, preview: 'A quokka is a small marsupial.' });
    expect(await otherPage.reindexStale()).toBe(0);
  });

  test('an answer interrupted by a worker restart is reindexed with the text that arrived', async () => {
    const { history, answers, clock } = testHistory();
    const { id } = await history.createConversation({});
    await history.addUserMessage(id, { text: 'question' });
    const writer = workerAnswer(answers, id, 'answer-0003', clock.now);
    await writer.begin();
    writer.append('text', 'Partial platypus');
    await writer.save();
    await history.reindexStale();
    await markOrphanedAnswersInterrupted(answers, clock.now + 10_000);
    expect((await history.search('platypus'))[0]?.conversation.id).toBe(id);
    expect((await history.getConversation(id))?.messages[1]).toMatchObject({ status: 'interrupted', text: 'Partial platypus' });
  });

  test('the page never rewrites an answer: touch and reindex leave the row as the worker wrote it', async () => {
    const { history, db, answers, clock } = testHistory();
    const { id } = await history.createConversation({});
    await history.addUserMessage(id, { text: 'question' });
    const writer = workerAnswer(answers, id, 'answer-0004', clock.now);
    await writer.begin();
    writer.append('text', 'streaming…');
    await writer.save();
    const saved = await db.messages.get('answer-0004');
    await history.touch(id);
    await history.reindexStale();
    await history.search('streaming');
    expect(await db.messages.get('answer-0004')).toEqual(saved);
  });

  test('truncateAfter refuses to delete an answer still streaming, then works once it stopped', async () => {
    const { history, answers, clock } = testHistory();
    const { id } = await history.createConversation({});
    const question = await history.addUserMessage(id, { text: 'question one' });
    const writer = workerAnswer(answers, id, 'answer-0005', clock.now);
    await writer.begin();
    await expect(history.truncateAfter(id, question.id, false)).rejects.toMatchObject({ code: 'CONFLICT' });
    await writer.finish({ status: 'stopped' }, (answer) => ({ type: 'done', answer }));
    await history.truncateAfter(id, question.id, false);
    expect((await history.getConversation(id))?.messages.map((message) => message.id)).toEqual([question.id]);
  });
});

describe('truncateAfter', () => {
  test('regenerate (exclusive) and edit-and-resend (inclusive) remove the tail and its index terms', async () => {
    const { history, answers, clock } = testHistory();
    const { id } = await history.createConversation({});
    const q1 = await history.addUserMessage(id, { text: 'alpha question' });
    const a1 = workerAnswer(answers, id, 'answer-0101', ++clock.now);
    await a1.begin();
    a1.append('text', 'bravo answer');
    await a1.finish({ status: 'complete' }, (answer) => ({ type: 'done', answer }));
    clock.now += 10;
    const q2 = await history.addUserMessage(id, { text: 'charlie question' });
    const a2 = workerAnswer(answers, id, 'answer-0102', ++clock.now);
    await a2.begin();
    a2.append('text', 'delta answer');
    await a2.finish({ status: 'complete' }, (answer) => ({ type: 'done', answer }));
    await history.touch(id);
    expect(await history.search('delta')).toHaveLength(1);

    await history.truncateAfter(id, q2.id, false);
    expect((await history.getConversation(id))?.messages.map((message) => message.id)).toEqual([q1.id, 'answer-0101', q2.id]);
    expect(await history.search('delta')).toEqual([]);
    expect(await history.search('charlie')).toHaveLength(1);

    await history.truncateAfter(id, q2.id, true);
    const after = await history.getConversation(id);
    expect(after?.messages.map((message) => message.id)).toEqual([q1.id, 'answer-0101']);
    expect(after?.conversation).toMatchObject({ messageCount: 2, preview: 'bravo answer' });
    expect(await history.search('charlie')).toEqual([]);
    await expect(history.truncateAfter(id, 'missing', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
