import { beforeEach, describe, expect, test, vi } from 'vitest';
import { HistoryDatabase } from '@/src/history/history-db';
import { openHistory, type HistoryStore, type NewAttachment } from '@/src/history';
import { ClientMessage, type StartMessage } from '@/src/chat/port-protocol';
import { ATTACHMENT_LIMITS } from '@/src/attachments/types';
import type { ChatRequest, StreamEvent } from '@/src/providers/types';
import { attachmentTokens } from '@/src/attachments/tokens';
import { deliveryFor, sightOf } from '@/src/attachments/delivery';
import { messagesFor } from '@/src/chat/attachment-parts';
import { answerErrorText } from '@/src/chat/answer-record';
import { auditCsv } from '@/src/audit/report';
import type { AttachmentRow } from '@/src/attachments/types';
import { writeSpendSettings } from '@/src/settings/settings-store';
import { catalogFile, collector, requestId, unlockedHarness, type SpendHarness } from '../usage/helpers';

/**
 * The worker's side of attachments with a fake adapter (the adapters' wire formats are tested by
 * their own part): what each target receives per delivery, the refusals, the estimate, the audit
 * entry, and that no encoded byte stays reachable once the request has left.
 */
const fake = vi.hoisted(() => ({
  /** Each request as it was when the adapter received it (a deep copy: what was sent). */
  sent: [] as ChatRequest[],
  /** The request objects themselves, as the adapter holds them during the stream. */
  live: [] as ChatRequest[],
  afterFirst: undefined as (() => Promise<void>) | undefined,
}));

vi.mock('@/src/providers/registry', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/src/providers/registry')>();
  const adapter = {
    async *streamChat(_conn: unknown, req: ChatRequest): AsyncGenerator<StreamEvent> {
      fake.sent.push(structuredClone(req));
      fake.live.push(req);
      yield { type: 'text', text: 'Seen.' };
      await fake.afterFirst?.();
      yield { type: 'usage', usage: { inputTokens: 50, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } };
      yield { type: 'finish', reason: 'stop' };
    },
    listModels: async () => [],
  };
  return { ...real, adapterFor: () => adapter };
});

const PNG = new Uint8Array(Array.from({ length: 3_000 }, (_, index) => (index * 7 + 13) % 256));
const PAGE_1 = new Uint8Array(Array.from({ length: 900 }, (_, index) => (index * 11 + 5) % 256));
const PAGE_2 = new Uint8Array(Array.from({ length: 700 }, (_, index) => (index * 3 + 1) % 256));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function image(id = 'img-00001'): NewAttachment {
  const blob = new Blob([PNG], { type: 'image/png' });
  return { id, kind: 'image', name: 'chart.png', mime: 'image/png', size: blob.size, source: 'paste', width: 40, height: 30, blob };
}
function textFile(): NewAttachment {
  const text = 'a,b\n1,2 otters\n';
  const blob = new Blob([text], { type: 'text/csv' });
  return { id: 'txt-00001', kind: 'text', name: 'notes.csv', mime: 'text/csv', size: blob.size, source: 'file', textChars: text.length, blob, text };
}
function pdf(): NewAttachment {
  const text = '[Page 1]\nZeppelin fleet figures\n\n[Page 2]\nOutlook';
  const blob = new Blob(['%PDF-1.7 text'], { type: 'application/pdf' });
  return { id: 'pdf-00001', kind: 'pdf', name: 'report.pdf', mime: 'application/pdf', size: blob.size, source: 'file', pages: 2, textChars: text.length, blob, text };
}
function scanned(): NewAttachment {
  const blob = new Blob(['%PDF-1.7 scan'], { type: 'application/pdf' });
  return {
    id: 'scan-0001', kind: 'pdf', name: 'scan.pdf', mime: 'application/pdf', size: blob.size, source: 'drop', pages: 2, scanned: true, textChars: 0, blob,
    pageImages: [new Blob([PAGE_1], { type: 'image/jpeg' }), new Blob([PAGE_2], { type: 'image/jpeg' })],
  };
}

let h: SpendHarness;
let history: HistoryStore;
let keyId: string;

beforeEach(async () => {
  fake.sent.length = 0;
  fake.live.length = 0;
  fake.afterFirst = undefined;
  h = await unlockedHarness();
  history = openHistory(new HistoryDatabase(h.names.chat));
  keyId = await h.keyFor('http://127.0.0.1:9', 'Work key');
});

/** A conversation whose question carries `files`, saved by the page as it does before it starts the answer. */
async function asked(files: NewAttachment[], text = 'What is in these?') {
  const { id } = await history.createConversation({});
  const message = await history.addUserMessage(id, { text, attachments: files });
  return { id, message, ids: files.map((file) => file.id) };
}

function start(conversationId: string, ids: string[], models: string[], extra: Partial<StartMessage> = {}): StartMessage {
  return {
    type: 'start',
    requestId: requestId(),
    conversationId,
    targets: models.map((model) => ({ keyId, model })),
    messages: [{ role: 'user', content: 'What is in these?', attachments: ids }],
    ...extra,
  };
}

describe('a start with attachments', () => {
  test('the port takes up to the per-message limit of attachment ids, ids only', () => {
    const ids = (count: number) => Array.from({ length: count }, (_, index) => `img-${String(index).padStart(5, '0')}`);
    const message = (attachments: unknown) => ({ type: 'start', requestId: 'request-port-1', targets: [{ keyId: 'k', model: 'm' }], messages: [{ role: 'user', content: 'Hi', attachments }] });
    expect(ClientMessage.safeParse(message(ids(ATTACHMENT_LIMITS.perMessage))).success).toBe(true);
    expect(ClientMessage.safeParse(message(ids(ATTACHMENT_LIMITS.perMessage + 1))).success).toBe(false);
    expect(ClientMessage.safeParse(message([{ id: 'img-00001', data: 'AAAA' }])).success).toBe(false);
    expect(ClientMessage.safeParse(message(['short'])).success).toBe(false);
  });

  test('each file goes as the model takes it: image, PDF (read natively by gpt-4.1-nano) and scanned pages as parts, text files inlined with a header', async () => {
    const { id, ids } = await asked([image(), textFile(), pdf(), scanned()]);
    const page = collector();
    await h.chat.start(start(id, ids, ['gpt-4.1-nano']), page);
    expect(page.messages.at(-1)?.type).toBe('done');
    expect(fake.sent).toHaveLength(1);
    const [message] = fake.sent[0]?.messages ?? [];
    expect(message).toEqual({
      role: 'user',
      content: [
        'What is in these?',
        '--- Attachment: notes.csv (text file) ---\na,b\n1,2 otters\n\n--- End of notes.csv ---',
      ].join('\n\n'),
      parts: [
        { type: 'image', mime: 'image/png', data: b64(PNG), width: 40, height: 30 },
        { type: 'document', mime: 'application/pdf', data: b64(new TextEncoder().encode('%PDF-1.7 text')), name: 'report.pdf' },
        // A scan goes as the PDF too: the model reads its pages as images itself.
        { type: 'document', mime: 'application/pdf', data: b64(new TextEncoder().encode('%PDF-1.7 scan')), name: 'scan.pdf' },
      ],
    });
  });

  test('inlined text counts against the request’s size limit: over it, nothing is sent', async () => {
    const big = (index: number): NewAttachment => {
      const text = 'otter '.repeat(250_000);
      const blob = new Blob(['x'], { type: 'text/plain' });
      return { id: `txt-big-0${index}`, kind: 'text', name: `big-${index}.txt`, mime: 'text/plain', size: blob.size, source: 'file', textChars: text.length, blob, text };
    };
    const { id, ids } = await asked([big(1), big(2), big(3)]);
    const page = collector();
    await h.chat.start(start(id, ids, ['gpt-4.1-nano']), page);
    expect(page.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'context-too-long' } });
    expect(fake.sent).toHaveLength(0);
  });

  test('a PDF the model does not read natively goes as its text, with its page marks', async () => {
    const file = pdf();
    const row = { ...file, conversationId: 'c', messageId: 'm', createdAt: 1 } as AttachmentRow;
    const [message] = await messagesFor([{ role: 'user', content: 'Summarize', attachments: [row.id] }], new Map([[row.id, row]]), new Map([[row.id, 'pdf-text' as const]]));
    expect(message).toEqual({
      role: 'user',
      content: 'Summarize\n\n--- Attachment: report.pdf (PDF, its text) ---\n[Page 1]\nZeppelin fleet figures\n\n[Page 2]\nOutlook\n--- End of report.pdf ---',
    });
  });

  test('a scanned PDF to a model that sees but does not read PDFs goes as its page images', async () => {
    const file = scanned();
    const row = { ...file, conversationId: 'c', messageId: 'm', createdAt: 1 } as AttachmentRow;
    const [message] = await messagesFor([{ role: 'user', content: 'Read this', attachments: [row.id] }], new Map([[row.id, row]]), new Map([[row.id, 'pdf-pages' as const]]));
    expect(message).toEqual({
      role: 'user',
      content: 'Read this',
      parts: [
        { type: 'image', mime: 'image/jpeg', data: b64(PAGE_1) },
        { type: 'image', mime: 'image/jpeg', data: b64(PAGE_2) },
      ],
    });
  });

  test('a PDF the model reads natively goes as a document part', async () => {
    const file = pdf();
    const row = { ...file, conversationId: 'c', messageId: 'm', createdAt: 1 } as AttachmentRow;
    const [message] = await messagesFor([{ role: 'user', content: 'Summarize', attachments: [row.id] }], new Map([[row.id, row]]), new Map([[row.id, 'pdf' as const]]));
    expect(message).toEqual({ role: 'user', content: 'Summarize', parts: [{ type: 'document', mime: 'application/pdf', data: b64(new TextEncoder().encode('%PDF-1.7 text')), name: 'report.pdf' }] });
  });

  test('an unknown id, or one of another conversation, fails the answer with nothing sent', async () => {
    const { id } = await asked([image()]);
    const other = await asked([image('img-00002')]);
    for (const ids of [['img-99999'], ['img-00002']]) {
      const page = collector();
      await h.chat.start(start(id, ids, ['gpt-4.1-nano']), page);
      const last = page.messages.at(-1);
      expect(last?.type === 'error' && answerErrorText(last.error)).toContain('no longer saved with the conversation');
    }
    expect(fake.sent).toHaveLength(0);
    expect(other.ids).toEqual(['img-00002']);
  });

  test('a model that cannot see: nothing sent, the refusal names seeing models of the user’s keys, the question and its file are kept', async () => {
    const { id, ids, message } = await asked([image()]);
    const page = collector();
    await h.chat.start(start(id, ids, ['gpt-3.5-turbo']), page);
    const last = page.messages.at(-1);
    expect(last?.type).toBe('error');
    const said = last?.type === 'error' ? answerErrorText(last.error) : '';
    // The catalog's seeing OpenAI models with the largest context, labelled with the key they would use.
    const seeing = catalogFile.providers.openai
      .filter((entry) => entry.vision)
      .sort((a, b) => (b.contextWindow ?? 0) - (a.contextWindow ?? 0) || (a.id < b.id ? 1 : -1))
      .slice(0, 2)
      .map((entry) => `${entry.id} (Work key)`);
    expect(said).toBe(`Not sent: gpt-3.5-turbo cannot see images. Your question and its files are kept: pick a model that can, such as ${seeing.join(', ')}, and send it again.`);
    expect(fake.sent).toHaveLength(0);
    const kept = (await history.getConversation(id))?.messages ?? [];
    expect(kept.find((each) => each.role === 'user')).toMatchObject({ id: message.id, attachments: [{ id: 'img-00001' }] });
    expect(kept.find((each) => each.role === 'assistant')).toMatchObject({ status: 'failed', error: { kind: 'BAD_REQUEST' } });
    expect(await history.getAttachments(id)).toHaveLength(1);

    // Picking a model that sees and sending again works with the same files.
    const again = collector();
    await h.chat.start(start(id, ids, ['gpt-4o-mini']), again);
    expect(again.messages.at(-1)?.type).toBe('done');
    expect(fake.sent[0]?.messages[0]?.content).toBe('What is in these?');
  });

  test('in a chain each model decides: one that cannot see is passed over (nothing sent to it), the next gets the image', async () => {
    const { id, ids } = await asked([image()]);
    const page = collector();
    await h.chat.start(start(id, ids, ['gpt-3.5-turbo', 'gpt-4o-mini']), page);
    expect(page.messages.find((message) => message.type === 'fallback')).toMatchObject({ index: 0, model: 'gpt-3.5-turbo', kind: 'invalid-request' });
    expect(page.messages.at(-1)?.type).toBe('done');
    expect(fake.sent.map((request) => request.model)).toEqual(['gpt-4o-mini']);
    expect((fake.sent[0]?.messages[0] as { parts?: unknown[] }).parts).toHaveLength(1);
  });

  test('a provider’s own limits: ten images to Mistral (at most 8) are not sent; in a chain the next model gets them', async () => {
    const files = Array.from({ length: 10 }, (_, index) => image(`img-${String(index).padStart(5, '0')}`));
    const { id, ids } = await asked(files);
    const mistral = (await h.keys.add({ provider: 'mistral', label: 'Mistral key', secret: { apiKey: 'Abcdefghijklmnopqrstuvwxyz012345' }, settings: { baseUrl: 'http://127.0.0.1:9/v1' } })).id;
    const alone = collector();
    await h.chat.start({ ...start(id, ids, []), targets: [{ keyId: mistral, model: 'pixtral-large-latest' }] }, alone);
    const last = alone.messages.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' ? answerErrorText(last.error) : '').toBe(
      'Not sent to pixtral-large-latest: this provider takes at most 8 images in one request, and this one has 10 (scanned PDF pages count as images). Your question and its files are kept: remove some, or choose another model.',
    );
    expect(fake.sent).toHaveLength(0);

    const chain = collector();
    await h.chat.start({ ...start(id, ids, []), targets: [{ keyId: mistral, model: 'pixtral-large-latest' }, { keyId, model: 'gpt-4o-mini' }] }, chain);
    expect(chain.messages.find((message) => message.type === 'fallback')).toMatchObject({ index: 0, model: 'pixtral-large-latest', kind: 'invalid-request' });
    expect(chain.messages.at(-1)?.type).toBe('done');
    expect(fake.sent.map((request) => request.model)).toEqual(['gpt-4o-mini']);
    expect((fake.sent[0]?.messages[0] as { parts?: unknown[] }).parts).toHaveLength(10);
  });

  test('the cost confirmation counts the attachments’ tokens before anything is sent', async () => {
    await writeSpendSettings({ caps: [], warnAt: 0.8, priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
    const files = [image(), pdf()];
    const { id, ids } = await asked(files);
    const page = collector();
    const request = start(id, ids, ['gpt-4.1-nano'], { confirmCost: true });
    const running = h.chat.start(request, page);
    await expect.poll(() => page.messages.length).toBeGreaterThan(0);
    const sight = sightOf('openai', catalogFile.providers.openai.find((entry) => entry.id === 'gpt-4.1-nano'), 'gpt-4.1-nano');
    const fileTokens = files.reduce((sum, file) => sum + attachmentTokens('openai', 'gpt-4.1-nano', file, deliveryFor(sight, 'openai', file)).tokens, 0);
    expect(fileTokens).toBeGreaterThan(0);
    expect(page.messages[0]).toMatchObject({
      type: 'confirm',
      estimate: { inputTokens: Math.ceil('What is in these?'.length / 4) + fileTokens, attachments: { tokens: fileTokens, estimated: true } },
    });
    expect(fake.sent).toHaveLength(0);
    h.chat.decide(request.requestId, 'cancel');
    await running;
    expect(page.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    expect(fake.sent).toHaveLength(0);
  });

  test('the audit entry records counts and bytes of the attachments, never a name or their content', async () => {
    const files = [image(), textFile(), pdf()];
    const { id, ids } = await asked(files);
    await h.chat.start(start(id, ids, ['gpt-4.1-nano']), collector());
    await h.spend.recorder.idle();
    const entries = (await h.spend.db.audit.toArray()).filter((entry) => entry.action === 'call.chat');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.attachments).toEqual({ count: 3, images: 1, pdfs: 1, texts: 1, bytes: files.reduce((sum, file) => sum + file.size, 0) });
    const csv = auditCsv(entries).split('\r\n');
    expect(csv[1]?.split(',').slice(-2)).toEqual(['3', String(files.reduce((sum, file) => sum + file.size, 0))]);
    const logged = JSON.stringify(await h.spend.db.audit.toArray()) + csv.join('\n');
    for (const secret of ['chart.png', 'notes.csv', 'report.pdf', 'otters', 'Zeppelin', b64(PNG).slice(0, 40)]) expect(logged).not.toContain(secret);
  });

  test('once the request has left, no encoded byte stays reachable from the request or the worker’s stream state', async () => {
    const { id, ids } = await asked([image(), scanned()]);
    let release!: () => void;
    let paused!: () => void;
    const atPause = new Promise<void>((resolve) => (paused = resolve));
    fake.afterFirst = () =>
      new Promise<void>((resolve) => {
        release = resolve;
        paused();
      });
    const page = collector();
    const running = h.chat.start(start(id, ids, ['gpt-4.1-nano']), page);
    await atPause;
    // What was sent held the bytes...
    const markers = [b64(PNG), b64(PAGE_1), b64(PAGE_2)].map((data) => data.slice(0, 64));
    expect(JSON.stringify(fake.sent[0])).toContain(markers[0]);
    // ...but the request the adapter still holds, and everything the worker keeps for the stream, no longer do.
    expect(stringsReachable(fake.live[0]).some((text) => markers.some((marker) => text.includes(marker)))).toBe(false);
    expect(h.chat.activeCount).toBe(1);
    expect(stringsReachable(h.chat).some((text) => markers.some((marker) => text.includes(marker)))).toBe(false);
    release();
    await running;
    expect(page.messages.at(-1)?.type).toBe('done');
  });
});

/** Every string reachable from `root` through properties, array items and Map/Set entries. */
function stringsReachable(root: unknown): string[] {
  const seen = new Set<unknown>();
  const found: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.length > 32) found.push(value);
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) for (const [key, entry] of value) stack.push(key, entry);
    else if (value instanceof Set) for (const entry of value) stack.push(entry);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    for (const key of Reflect.ownKeys(value)) {
      try {
        stack.push((value as Record<string | symbol, unknown>)[key]);
      } catch {
        // A getter that refuses this receiver.
      }
    }
  }
  return found;
}
