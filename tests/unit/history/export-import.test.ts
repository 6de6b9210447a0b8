import { describe, expect, test } from 'vitest';
import { AnswerWriter } from '@/src/chat/answer-writer';
import type { AnswerRecord } from '@/src/chat/answer-record';
import { EXPORT_FORMAT, type HistoryStore } from '@/src/history';
import { testHistory, type TestHistory } from './helpers';

async function sample(h: TestHistory): Promise<string> {
  const { history, answers, clock } = h;
  const { id } = await history.createConversation({ systemPrompt: 'Answer in French.' });
  await history.addUserMessage(id, {
    text: 'Translate **this** <tag> & keep\n\n# markdown',
    context: { kind: 'page', title: 'Some page', url: 'https://example.test/a', text: 'page body' },
  });
  const record: AnswerRecord = { id: 'req-000001', conversationId: id, role: 'assistant', status: 'streaming', text: '', reasoning: '', fellBackFrom: [], startedAt: clock.now, updatedAt: clock.now };
  const writer = new AnswerWriter(record, answers, () => clock.now++);
  await writer.begin();
  writer.append('text', 'Traduisez **ceci**');
  writer.record.answeredBy = { index: 0, provider: 'openai', model: 'gpt-4o', keyId: 'k1' };
  await writer.finish({ status: 'complete' }, (answer) => ({ type: 'done', answer }));
  await history.touch(id);
  await history.setLastTargets(id, [{ keyId: 'k1', model: 'gpt-4o' }]);
  return id;
}

const strip = (history: HistoryStore) => async () =>
  Promise.all(
    (await history.listConversations()).map(async ({ id }) => {
      const loaded = await history.getConversation(id);
      return { conversation: { ...loaded?.conversation, id: undefined }, messages: loaded?.messages.map((message) => ({ ...message, id: undefined, conversationId: undefined })) };
    }),
  );

describe('export', () => {
  test('Markdown: a heading per conversation and per message, with role, model and time; text as it is', async () => {
    const h = testHistory(Date.UTC(2025, 0, 2, 3, 4, 5));
    const id = await sample(h);
    const markdown = await h.history.exportMarkdown(id);
    expect(markdown).toContain('# Translate **this** <tag> & keep # markdown\n');
    expect(markdown).toContain('## System prompt\n\nAnswer in French.');
    expect(markdown).toMatch(/## You · 2025-01-02T03:04:05\.\d{3}Z\n\n\*From the page: Some page <https:\/\/example\.test\/a>\*\n\nTranslate \*\*this\*\* <tag> & keep\n\n# markdown/u);
    expect(markdown).toMatch(/## Assistant · gpt-4o \(openai\) · 2025-01-02T03:04:05\.\d{3}Z\n\nTraduisez \*\*ceci\*\*/u);
    expect(markdown).not.toContain('page body');
    const all = await h.history.exportMarkdown();
    expect(all).toMatch(/^\*Keyward history, exported .*: 1 conversations\*\n\n---\n\n# Translate/u);
  });

  test('JSON round trip through import: same conversations and messages, with their ids', async () => {
    const source = testHistory();
    await sample(source);
    const json = await source.history.exportJson();
    const file = JSON.parse(json);
    expect(file).toMatchObject({ format: EXPORT_FORMAT, version: 1, conversations: [{ systemPrompt: 'Answer in French.', messages: [{ role: 'user' }, { role: 'assistant' }] }] });
    expect(typeof file.exportedAt).toBe('number');

    // Into an empty history: ids are kept.
    const target = testHistory();
    expect(await target.history.importJson(json)).toEqual({ added: 1, present: 0, merged: [], copied: [], messages: 2, attachments: 0, attachmentsSkipped: 0 });
    expect(await strip(target.history)()).toEqual(await strip(source.history)());
    expect((await target.history.listConversations())[0]?.id).toBe(file.conversations[0].id);
    expect(await target.db.messages.get('req-000001')).toBeDefined();
  });

  test('importing what is already there adds nothing, and says so', async () => {
    const h = testHistory();
    for (let i = 0; i < 14; i++) {
      const { id } = await h.history.createConversation({});
      await h.history.addUserMessage(id, { text: `Question number ${i} about tides` });
    }
    await sample(h);
    const json = await h.history.exportJson();
    const before = await strip(h.history)();
    expect(await h.history.importJson(json)).toEqual({ added: 0, present: 15, merged: [], copied: [], messages: 0, attachments: 0, attachmentsSkipped: 0 });
    expect(await h.history.countConversations()).toBe(15);
    expect(await h.db.messages.count()).toBe(16);
    expect(await h.history.search('traduisez')).toHaveLength(1);
    expect(await strip(h.history)()).toEqual(before);

    // A conversation continued here since the export is still "already present": the file has nothing new for it.
    const [newest] = await h.history.listConversations();
    await h.history.addUserMessage(newest!.id, { text: 'A later question' });
    expect(await h.history.importJson(json)).toMatchObject({ added: 0, present: 15, messages: 0 });
    expect(await h.history.countConversations()).toBe(15);
  });

  test('a conversation the file continues is merged: its new messages are added to the one here', async () => {
    const source = testHistory();
    const id = await sample(source);
    const early = await source.history.exportJson();
    await source.history.addUserMessage(id, { text: 'And the seahorse question?' });
    const later = await source.history.exportJson();

    const target = testHistory();
    await target.history.importJson(early);
    expect(await target.history.importJson(later)).toEqual({ added: 0, present: 0, merged: ['Translate **this** <tag> & keep # markdown'], copied: [], messages: 1, attachments: 0, attachmentsSkipped: 0 });
    expect(await target.history.countConversations()).toBe(1);
    const merged = await target.history.getConversation(id);
    expect(merged?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(merged?.conversation.messageCount).toBe(3);
    expect(await strip(target.history)()).toEqual(await strip(source.history)());
    // Indexed: the new message is found.
    expect((await target.history.search('seahorse')).map((hit) => hit.conversation.id)).toEqual([id]);
  });

  test('a conversation that went another way here since the export is added as a copy, and the message names it', async () => {
    const h = testHistory();
    const id = await sample(h);
    const json = await h.history.exportJson();
    // Edit and resend: the answer is gone, another question took its place.
    const loaded = await h.history.getConversation(id);
    const question = loaded!.messages[0]!;
    await h.history.truncateAfter(id, question.id, false);
    await h.history.addUserMessage(id, { text: 'Something else entirely' });

    expect(await h.history.importJson(json)).toEqual({ added: 0, present: 0, merged: [], copied: ['Translate **this** <tag> & keep # markdown'], messages: 2, attachments: 0, attachmentsSkipped: 0 });
    const listed = await h.history.listConversations();
    expect(listed).toHaveLength(2);
    expect(new Set(listed.map((summary) => summary.id)).size).toBe(2);
    const copy = listed.find((summary) => summary.id !== id)!;
    expect((await h.history.getConversation(copy.id))?.messages.map((message) => message.text)).toEqual(['Translate **this** <tag> & keep\n\n# markdown', 'Traduisez **ceci**']);
    expect((await h.history.getConversation(id))?.messages.map((message) => message.text)).toEqual(['Translate **this** <tag> & keep\n\n# markdown', 'Something else entirely']);
    // Message ids are never shared: the copy's answer got a new one.
    expect(await h.db.messages.count()).toBe(4);
    expect(new Set((await h.db.messages.toArray()).map((row) => row.id)).size).toBe(4);
    // The same file again: the copy is found (under its new ids), nothing is added.
    expect(await h.history.importJson(json)).toEqual({ added: 0, present: 1, merged: [], copied: [], messages: 0, attachments: 0, attachmentsSkipped: 0 });
    expect(await h.history.countConversations()).toBe(2);
  });

  test('a conversation repeated in one file comes in once; a message id shared by two conversations gets a new id; a still-streaming answer comes in as interrupted', async () => {
    const { history, db } = testHistory();
    const message = { id: 'dup', conversationId: 'c', role: 'assistant', status: 'streaming', text: 'partial', reasoning: '', fellBackFrom: [], startedAt: 2, updatedAt: 3 };
    const conversation = { id: 'c', title: 'Copy', createdAt: 1, updatedAt: 3, messageCount: 1, preview: 'partial', messages: [message] };
    const other = { ...conversation, id: 'c2', title: 'Other' };
    const json = JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: 5, conversations: [conversation, conversation, other] });
    expect(await history.importJson(json)).toEqual({ added: 2, present: 1, merged: [], copied: [], messages: 2, attachments: 0, attachmentsSkipped: 0 });
    expect(await history.countConversations()).toBe(2);
    const rows = await db.messages.toArray();
    expect(rows.map((row) => row.status)).toEqual(['interrupted', 'interrupted']);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
    // Imported again, all of it is already there.
    expect(await history.importJson(json)).toMatchObject({ added: 0, present: 3, messages: 0 });
    // Another conversation without messages, started and changed at the same times, is not taken for a copy.
    const empty = { id: 'e1', title: 'Empty one', createdAt: 1, updatedAt: 1, messageCount: 0, preview: '', messages: [] };
    expect(await history.importJson(JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: 5, conversations: [empty] }))).toMatchObject({ added: 1 });
    const other2 = { ...empty, id: 'e2', title: 'Empty two' };
    expect(await history.importJson(JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: 5, conversations: [empty, other2] }))).toMatchObject({ added: 1, present: 1 });
  });

  test('a malformed file is refused with a clear error and nothing is written', async () => {
    const { history, db } = testHistory();
    const good = { id: 'c', title: 't', createdAt: 1, updatedAt: 1, messageCount: 0, preview: '', messages: [] };
    const cases: [string, RegExp][] = [
      ['not json {', /not JSON/u],
      [JSON.stringify({ format: 'other', version: 1, exportedAt: 1, conversations: [] }), /format/u],
      [JSON.stringify({ format: EXPORT_FORMAT, version: 2, exportedAt: 1, conversations: [] }), /version/u],
      [JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: 1, conversations: [good, { ...good, title: 5 }] }), /conversations\.1\.title/u],
      [
        JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: 1, conversations: [{ ...good, messages: [{ id: 'm', role: 'robot', text: 'secret prompt' }] }] }),
        /conversations\.0\.messages\.0/u,
      ],
    ];
    for (const [content, message] of cases) {
      const error = await history.importJson(content).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'BACKUP_INVALID', message: expect.stringMatching(message) });
      expect(String((error as Error).message)).not.toContain('secret prompt');
    }
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });
});
