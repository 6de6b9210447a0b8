/**
 * Storage full, at unit level: the writes the e2e test (storage-full.spec.ts) makes Chromium refuse
 * are refused here by wrapping Dexie tables to throw QuotaExceededError, as IndexedDB does (bare,
 * or inside Dexie's AbortError).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import Dexie from 'dexie';
import { createServices, type Services } from '@/src/background/services';
import { KeepAlive } from '@/src/background/keep-alive';
import { openAnswersDatabase } from '@/src/history/answers-db';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { isQuotaError, toSafeError } from '@/src/shared/errors';
import { openVaultDatabase } from '@/src/vault/db';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { CANARY_KEY, PASSPHRASE } from '../unit/helpers/harness';
import { renderEnglish } from '../fixtures/messages';

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const abortedByQuota = () => new Dexie.AbortError('Transaction aborted', new Dexie.QuotaExceededError(quotaError()));

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

let counter = 0;
async function services(): Promise<Services> {
  const suffix = `${++counter}-${Math.random().toString(36).slice(2)}`;
  const created = createServices({
    db: openVaultDatabase(`full-vault-${suffix}`),
    chatDb: openAnswersDatabase(`full-chat-${suffix}`),
    retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
    keepAlive: new KeepAlive(async () => undefined, 5),
  });
  await created.vault.create(PASSPHRASE);
  return created;
}

/** Makes `table.put` refuse every write from now on, until the returned function is called. */
function refuseWrites<T extends { put: (...args: never[]) => Promise<unknown> }>(table: T, error: () => Error): () => void {
  const original = table.put;
  table.put = (() => Promise.reject(error())) as unknown as T['put'];
  return () => {
    table.put = original;
  };
}

function collector() {
  const messages: ServerMessage[] = [];
  return { messages, post: (message: ServerMessage) => void messages.push(message) };
}

const question = [{ role: 'user' as const, content: 'Invent a holiday' }];

describe('quota errors are recognised however IndexedDB and Dexie wrap them', () => {
  test('bare, as a Dexie error, inside a transaction AbortError; other errors are not', () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError(quotaError()))).toBe(true);
    expect(isQuotaError(abortedByQuota())).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', new Error('x')))).toBe(false);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
    // A code and a phrase cross to the page, not words (issue 13); the phrase's English says what happened.
    const shape = toSafeError(abortedByQuota());
    expect(shape.code).toBe('STORAGE_FULL');
    expect(shape).not.toHaveProperty('message');
    expect(renderEnglish(shape.phrase)).toContain('storage is full');
  });
});

describe('saving a key on a full disk', () => {
  test('refused with STORAGE_FULL, nothing written, the next try works', async () => {
    const s = await services();
    const existing = await s.keys.add({ provider: 'openai', label: 'Existing', secret: { apiKey: CANARY_KEY }, settings: {} });
    const allow = refuseWrites(s.db.secrets, abortedByQuota);
    const refused = await s.keys.add({ provider: 'anthropic', label: 'New', secret: { apiKey: 'sk-ant-api03-newKEY0123456789abcdefghijkl' }, settings: {} }).then(
      () => undefined,
      (error: unknown) => toSafeError(error),
    );
    expect(refused?.code).toBe('STORAGE_FULL');
    expect(JSON.stringify(refused)).not.toContain('newKEY');
    allow();
    expect((await s.db.secrets.toArray()).map((row) => row.id)).toEqual([existing.id]);
    await s.keys.add({ provider: 'anthropic', label: 'New', secret: { apiKey: 'sk-ant-api03-newKEY0123456789abcdefghijkl' }, settings: {} });
    expect(await s.db.secrets.count()).toBe(2);
  });

  test('a key can still be used when its "last used" time cannot be saved', async () => {
    const s = await services();
    const { id } = await s.keys.add({ provider: 'openai', label: 'Key', secret: { apiKey: CANARY_KEY }, settings: {} });
    const original = s.db.secrets.update.bind(s.db.secrets);
    s.db.secrets.update = (() => Promise.reject(abortedByQuota())) as unknown as typeof s.db.secrets.update;
    await expect(s.keys.useSecret(id)).resolves.toMatchObject({ record: { id } });
    s.db.secrets.update = original;
  });
});

describe('an answer streaming when the disk fills up', () => {
  test('keeps streaming in full, ends saying it was not saved, and the saved row is closed as interrupted', async () => {
    const s = await services();
    const { id: keyId } = await s.keys.add({ provider: 'openai', label: 'Mock', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${mock.url}/v1` } });
    mock.setScenario('slow-drip', { chunkDelayMs: 10 });
    const page = collector();
    const running = s.chat.start({ type: 'start', requestId: 'request-full', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    await expect.poll(async () => (await s.chatDb.messages.get('request-full'))?.text.length ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    // Full from here on, except that closing the row (a rewrite of what is already there) succeeds.
    const put = s.chatDb.messages.put.bind(s.chatDb.messages);
    s.chatDb.messages.put = ((row: { status: string }) => (row.status === 'interrupted' ? put(row as never) : Promise.reject(quotaError()))) as unknown as typeof s.chatDb.messages.put;
    await running;

    const last = page.messages.at(-1);
    expect(last?.type).toBe('done');
    const shown = last?.type === 'done' ? last.answer : undefined;
    const deltas = page.messages.flatMap((message) => (message.type === 'delta' ? [message.text] : [])).join('');
    expect(shown?.status).toBe('complete');
    expect(shown?.text).toBe(deltas);
    expect(shown?.error).toMatchObject({ kind: 'STORAGE_FULL', retryable: false });
    expect(shown?.error?.message).toContain('Not enough storage space');

    const saved = await s.chatDb.messages.get('request-full');
    expect(saved?.status).toBe('interrupted');
    expect(saved?.error?.kind).toBe('STORAGE_FULL');
    expect(saved?.text.length).toBeGreaterThan(0);
    expect(saved?.text.length).toBeLessThan(deltas.length);
    expect(deltas.startsWith(saved?.text ?? '-')).toBe(true);
  });

  test('with no room even to start, the answer still streams and no row is written', async () => {
    const s = await services();
    const { id: keyId } = await s.keys.add({ provider: 'openai', label: 'Mock', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${mock.url}/v1` } });
    refuseWrites(s.chatDb.messages, quotaError);
    const page = collector();
    await s.chat.start({ type: 'start', requestId: 'request-none', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    const last = page.messages.at(-1);
    expect(last).toMatchObject({ type: 'done', answer: { status: 'complete', error: { kind: 'STORAGE_FULL' } } });
    expect(last?.type === 'done' ? last.answer.text.length : 0).toBeGreaterThan(100);
    expect(await s.chatDb.messages.count()).toBe(0);
  });

  test('a row left "streaming" because even closing it was refused reads as interrupted when a page attaches', async () => {
    const s = await services();
    const { id: keyId } = await s.keys.add({ provider: 'openai', label: 'Mock', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${mock.url}/v1` } });
    mock.setScenario('slow-drip', { chunkDelayMs: 10 });
    const running = s.chat.start({ type: 'start', requestId: 'request-stuck', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, collector());
    await expect.poll(async () => (await s.chatDb.messages.get('request-stuck'))?.text.length ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    refuseWrites(s.chatDb.messages, quotaError);
    await running;
    expect((await s.chatDb.messages.get('request-stuck'))?.status).toBe('streaming');

    const reopened = collector();
    await s.chat.attach('request-stuck', reopened);
    expect(reopened.messages).toEqual([{ type: 'snapshot', answer: expect.objectContaining({ status: 'interrupted', error: expect.objectContaining({ kind: 'interrupted' }) as unknown }) as unknown }]);
  });
});
