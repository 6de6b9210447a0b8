import { describe, expect, test } from 'vitest';
import type { NewAttachment } from '@/src/history';
import { AppError } from '@/src/shared/errors';
import { buildMessages } from '@/src/ui/chat/conversation-messages';
import { itemsFromHistory } from '@/src/ui/chat/chat-items';
import { testHistory, type TestHistory } from './helpers';

/** Bytes that look like nothing else in the test: found (or not) by their base64. */
const PNG = new Uint8Array(Array.from({ length: 3_000 }, (_, index) => (index * 7 + 13) % 256));

export function image(id = 'img-00001', name = 'chart.png'): NewAttachment {
  const blob = new Blob([PNG], { type: 'image/png' });
  return { id, kind: 'image', name, mime: 'image/png', size: blob.size, source: 'paste', width: 40, height: 30, removed: 'location', blob };
}

export function pdf(id = 'pdf-00001', text = '[Page 1]\nQuarterly figures for the zeppelin fleet\n\n[Page 2]\nOutlook'): NewAttachment {
  const blob = new Blob(['%PDF-1.7 made by the test'], { type: 'application/pdf' });
  return { id, kind: 'pdf', name: 'report.pdf', mime: 'application/pdf', size: blob.size, source: 'file', pages: 2, textChars: text.length, blob, text };
}

async function withFiles(h: TestHistory, files: NewAttachment[], text = 'What does this show?') {
  const { id } = await h.history.createConversation({});
  const message = await h.history.addUserMessage(id, { text, attachments: files });
  return { id, message };
}

describe('attachments in the history', () => {
  test('saved with their question in one transaction: the message holds refs, the store the Blobs', async () => {
    const h = testHistory();
    const { id, message } = await withFiles(h, [image(), pdf()]);
    expect(message.attachments?.map((ref) => ref.id)).toEqual(['img-00001', 'pdf-00001']);
    // No bytes and no text in the message row: only the refs.
    const row = await h.db.messages.get(message.id);
    expect(JSON.stringify(row)).not.toContain('zeppelin');
    expect((row as { attachments?: unknown[] }).attachments?.[0]).toEqual({ id: 'img-00001', kind: 'image', name: 'chart.png', mime: 'image/png', size: 3_000, source: 'paste', width: 40, height: 30, removed: 'location' });

    const stored = await h.history.getAttachments(id);
    expect(stored.map((each) => [each.id, each.conversationId, each.messageId])).toEqual([
      ['img-00001', id, message.id],
      ['pdf-00001', id, message.id],
    ]);
    expect(stored[0]?.blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await stored[0]!.blob.arrayBuffer())).toEqual(PNG);
    expect((await h.history.getAttachments(id, ['pdf-00001'])).map((each) => each.text)).toEqual([pdf().text]);
    // Another conversation's id is not found through this one.
    const other = await h.history.createConversation({});
    expect(await h.history.getAttachments(other.id, ['img-00001'])).toEqual([]);
  });

  test('a file that fails its checks saves nothing: neither the message nor the other files', async () => {
    const h = testHistory();
    const { id } = await h.history.createConversation({});
    const lying = { ...image('img-00002'), size: 10 };
    await expect(h.history.addUserMessage(id, { id: 'q-bad', text: 'Look', attachments: [pdf(), lying] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.db.messages.get('q-bad')).toBeUndefined();
    expect(await h.db.attachments.count()).toBe(0);

    // A message that cannot be written (its id taken) takes its files down with it.
    await h.history.addUserMessage(id, { id: 'q-taken', text: 'First' });
    await expect(h.history.addUserMessage(id, { id: 'q-taken', text: 'Again', attachments: [pdf()] })).rejects.toBeDefined();
    expect(await h.db.attachments.count()).toBe(0);

    // More than the limit per message, or an id already used by another file, are refused too.
    const eleven = Array.from({ length: 11 }, (_, index) => pdf(`pdf-1000${index.toString().padStart(2, '0')}`));
    await expect(h.history.addUserMessage(id, { text: 'Many', attachments: eleven })).rejects.toBeInstanceOf(AppError);
    await h.history.addUserMessage(id, { text: 'One', attachments: [pdf()] });
    await expect(h.history.addUserMessage(id, { id: 'q-dup', text: 'Same id', attachments: [pdf()] })).rejects.toBeDefined();
    expect(await h.db.messages.get('q-dup')).toBeUndefined();
    expect(await h.db.attachments.count()).toBe(1);
  });

  test('deleting a conversation deletes its attachments (and only its own)', async () => {
    const h = testHistory();
    const doomed = await withFiles(h, [image(), pdf()]);
    const kept = await withFiles(h, [image('img-00009')]);
    await h.history.deleteConversation(doomed.id);
    expect(await h.db.attachments.toCollection().primaryKeys()).toEqual(['img-00009']);
    expect(await h.history.getAttachments(kept.id)).toHaveLength(1);
  });

  test('search finds a PDF’s text and a file’s name, and forgets them with the conversation', async () => {
    const h = testHistory();
    const { id } = await withFiles(h, [pdf()]);
    expect((await h.history.search('zeppelin')).map((hit) => hit.conversation.id)).toEqual([id]);
    expect((await h.history.search('report')).map((hit) => hit.conversation.id)).toEqual([id]);
    await h.history.deleteConversation(id);
    expect(await h.history.search('zeppelin')).toEqual([]);
    // Nothing of it is left in the index.
    expect(await h.db.postings.count()).toBe(0);
  });

  test('regenerate keeps the files; edit-and-resend moves them to the new question; a removed question takes its files along', async () => {
    const h = testHistory();
    const { id, message } = await withFiles(h, [image(), pdf()], 'Compare these');
    const later = await h.history.addUserMessage(id, { text: 'And this one?', attachments: [image('img-00003', 'other.png')] });

    // Regenerate the first answer: everything after the first question goes, its files stay; the later question's go.
    await h.history.truncateAfter(id, message.id, false);
    expect((await h.db.attachments.toCollection().primaryKeys()).sort()).toEqual(['img-00001', 'pdf-00001']);
    const loaded = await h.history.getConversation(id);
    // The messages the page rebuilds from the history send the files again, by id.
    const messages = buildMessages(undefined, itemsFromHistory(loaded?.messages ?? []));
    expect(messages).toEqual([{ role: 'user', content: 'Compare these', attachments: ['img-00001', 'pdf-00001'] }]);
    expect(later.attachments).toHaveLength(1);

    // Edit-and-resend: the edited question is removed, its files are kept for the new one, which takes them over.
    await h.history.truncateAfter(id, message.id, true);
    expect(await h.db.attachments.count()).toBe(2);
    const edited = await h.history.addUserMessage(id, { text: 'Compare these two', attachments: message.attachments ?? [] });
    expect((await h.history.getAttachments(id)).map((row) => row.messageId)).toEqual([edited.id, edited.id]);
    expect((await h.history.search('zeppelin')).map((hit) => hit.conversation.id)).toEqual([id]);

    // A file of another conversation cannot be taken over.
    const other = await h.history.createConversation({});
    await expect(h.history.addUserMessage(other.id, { text: 'Steal', attachments: [{ ...(message.attachments?.[0] ?? image()), blob: undefined }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('questions joined in the rebuilt messages carry the files of both', () => {
    const at = 1_000;
    const items = itemsFromHistory([
      { id: 'q1', conversationId: 'c', role: 'user', text: 'One', startedAt: at, attachments: [{ id: 'img-00001', kind: 'image', name: 'a.png', mime: 'image/png', size: 1, source: 'file' }] },
      { id: 'q2', conversationId: 'c', role: 'user', text: '', startedAt: at + 1, attachments: [{ id: 'img-00002', kind: 'image', name: 'b.png', mime: 'image/png', size: 1, source: 'file' }] },
    ]);
    expect(buildMessages(undefined, items)).toEqual([{ role: 'user', content: 'One', attachments: ['img-00001', 'img-00002'] }]);
  });
});

describe('attachments in export and import', () => {
  test('JSON: base64 with their refs, restored as Blobs under the new conversation; Markdown names them', async () => {
    const source = testHistory();
    const { id } = await withFiles(source, [image(), pdf()]);
    const markdown = await source.history.exportMarkdown(id);
    expect(markdown).toContain('[Attachment: chart.png (image, 2.9 KB)]');
    expect(markdown).toContain('[Attachment: report.pdf (pdf, 25 B)]');
    expect(markdown).not.toContain('zeppelin');

    const json = await source.history.exportJson(id);
    const file = JSON.parse(json) as { conversations: { attachments: { id: string; data: string; messageId: string }[] }[] };
    expect(file.conversations[0]?.attachments.map((each) => each.id)).toEqual(['img-00001', 'pdf-00001']);
    expect(file.conversations[0]?.attachments[0]?.data).toBe(Buffer.from(PNG).toString('base64'));

    const target = testHistory();
    expect(await target.history.importJson(json)).toMatchObject({ added: 1, messages: 1, attachments: 2, attachmentsSkipped: 0 });
    const rows = await target.history.getAttachments(id);
    expect(rows.map((row) => [row.id, row.kind, row.mime, row.size, row.text])).toEqual([
      ['img-00001', 'image', 'image/png', 3_000, undefined],
      ['pdf-00001', 'pdf', 'application/pdf', 25, pdf().text],
    ]);
    expect(new Uint8Array(await rows[0]!.blob.arrayBuffer())).toEqual(PNG);
    expect((await target.history.search('zeppelin')).map((hit) => hit.conversation.id)).toEqual([id]);

    // Into the history it came from: already present, nothing written.
    expect(await source.history.importJson(json)).toMatchObject({ added: 0, present: 1, attachments: 0 });
    expect(await source.db.attachments.count()).toBe(2);
  });

  test('a copy gets new attachment ids; a damaged file is skipped with a count, the rest imported', async () => {
    const source = testHistory();
    const { id } = await withFiles(source, [image(), pdf()]);
    const file = JSON.parse(await source.history.exportJson(id)) as { conversations: { title: string; messages: { text: string }[]; attachments: { data: string; size: number }[] }[] };
    // Went another way: the file's version comes in as a copy beside it, with its files under new ids.
    const changed = structuredClone(file);
    changed.conversations[0]!.messages[0]!.text = 'Something else';
    changed.conversations[0]!.attachments[1]!.data = 'not base64!';
    const counts = await source.history.importJson(JSON.stringify(changed));
    expect(counts).toMatchObject({ copied: [expect.any(String)], attachments: 1, attachmentsSkipped: 1 });
    const copy = (await source.history.listConversations()).find((each) => each.id !== id);
    const copied = await source.history.getConversation(copy?.id ?? '');
    const refs = copied?.messages[0]?.role === 'user' ? copied.messages[0].attachments : undefined;
    expect(refs).toHaveLength(1);
    expect(refs?.[0]?.id).not.toBe('img-00001');
    expect((await source.history.getAttachments(copy?.id ?? '')).map((row) => row.id)).toEqual([refs?.[0]?.id]);

    // A file whose bytes do not match its ref's size is damaged too.
    const wrongSize = structuredClone(file);
    wrongSize.conversations[0]!.attachments[0]!.size = 1;
    const target = testHistory();
    expect(await target.history.importJson(JSON.stringify(wrongSize))).toMatchObject({ added: 1, attachments: 1, attachmentsSkipped: 1 });
    // So is one that is not the file its message names (another type than the message says).
    const wrongType = structuredClone(file) as unknown as { conversations: { attachments: { mime: string }[] }[] };
    wrongType.conversations[0]!.attachments[0]!.mime = 'image/webp';
    expect(await testHistory().history.importJson(JSON.stringify(wrongType))).toMatchObject({ added: 1, attachments: 1, attachmentsSkipped: 1 });
  });
});
