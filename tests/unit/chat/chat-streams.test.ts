import { phrase } from '@/src/shared/i18n/text';
import { answerErrorText } from '@/src/chat/answer-record';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createServices, type Services } from '@/src/background/services';
import { openAnswersDatabase } from '@/src/history/answers-db';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { openVaultDatabase } from '@/src/vault/db';
import { KeepAlive } from '@/src/background/keep-alive';
import { writeSettings } from '@/src/settings/settings-store';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { PASSPHRASE, CANARY_KEY } from '../helpers/harness';

const FIXTURE_TEXT = readFileSync(new URL('../../fixtures/providers/openai-chat-text.chunks.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '')
  .join('');

let primary: MockProvider;
let backup: MockProvider;

beforeAll(async () => {
  [primary, backup] = await Promise.all([startMockProvider(), startMockProvider()]);
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
});
beforeEach(() => {
  primary.reset();
  backup.reset();
});

let dbCounter = 0;
interface ChatHarness {
  services: Services;
  chatDbName: string;
  keyFor(server: MockProvider, label?: string): Promise<string>;
}

async function harness(): Promise<ChatHarness> {
  const suffix = `${++dbCounter}-${Math.random().toString(36).slice(2)}`;
  const chatDbName = `chat-${suffix}`;
  const services = createServices({
    db: openVaultDatabase(`vault-${suffix}`),
    chatDb: openAnswersDatabase(chatDbName),
    retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
    keepAlive: new KeepAlive(async () => undefined, 5),
  });
  await services.vault.create(PASSPHRASE);
  return {
    services,
    chatDbName,
    keyFor: async (server, label = 'Mock') =>
      (await services.keys.add({ provider: 'openai', label, secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${server.url}/v1` } })).id,
  };
}

function collector() {
  const messages: ServerMessage[] = [];
  return { messages, post: (message: ServerMessage) => void messages.push(message) };
}

const question = [{ role: 'user' as const, content: 'Say something <b>bold</b> & "quoted"' }];

describe('chat streams through the background', () => {
  test('streams the answer in batches, saves it, labels the model, reports usage', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    const page = collector();
    await h.services.chat.start({ type: 'start', requestId: 'request-0001', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    const done = page.messages.at(-1);
    expect(done?.type).toBe('done');
    const deltas = page.messages.filter((message) => message.type === 'delta');
    expect(deltas.map((delta) => (delta.type === 'delta' ? delta.text : '')).join('')).toBe(FIXTURE_TEXT);
    const saved = await h.services.chatDb.messages.get('request-0001');
    expect(saved).toMatchObject({
      status: 'complete',
      text: FIXTURE_TEXT,
      answeredBy: { index: 0, provider: 'openai', model: 'gpt-4.1-nano', keyId },
      usage: { inputTokens: 16, outputTokens: 300, estimated: false },
      finishReason: 'stop',
    });
    // The prompt went out exactly as written, with the key only in the Authorization header.
    const sent = primary.requests.at(-1);
    expect(sent?.json).toMatchObject({ model: 'gpt-4.1-nano', messages: question, stream: true, stream_options: { include_usage: true } });
    expect(sent?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(JSON.stringify(page.messages)).not.toContain(CANARY_KEY);
    expect(h.services.keepAlive.active).toBe(0);
  });

  test('stop aborts at once and keeps the partial answer', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    primary.setScenario('slow-drip', { chunkDelayMs: 30 });
    const page = collector();
    const running = h.services.chat.start({ type: 'start', requestId: 'request-stop', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    await expect.poll(() => page.messages.some((message) => message.type === 'delta'), { timeout: 5000 }).toBe(true);
    expect(h.services.keepAlive.active).toBe(1);
    h.services.chat.stop('request-stop');
    await running;
    const saved = await h.services.chatDb.messages.get('request-stop');
    expect(saved?.status).toBe('stopped');
    expect(saved?.text.length).toBeGreaterThan(0);
    expect(saved?.text.length).toBeLessThan(FIXTURE_TEXT.length);
    expect(FIXTURE_TEXT.startsWith(saved?.text ?? '-')).toBe(true);
    expect(h.services.keepAlive.active).toBe(0);
  });

  test('a retryable failure before the first token falls back to the next target, and the answer says which', async () => {
    const h = await harness();
    const failing = await h.keyFor(primary, 'Primary');
    const working = await h.keyFor(backup, 'Backup');
    primary.setScenario('overloaded');
    const page = collector();
    await h.services.chat.start(
      { type: 'start', requestId: 'request-fallback', targets: [{ keyId: failing, model: 'gpt-4.1-nano' }, { keyId: working, model: 'gpt-4o-mini' }], messages: question },
      page,
    );
    const fellBack = page.messages.find((message) => message.type === 'fallback');
    expect(fellBack).toMatchObject({ index: 0, kind: 'overloaded' });
    // Why it fell back crosses to the page as a phrase, not as the worker's words.
    expect(fellBack?.type === 'fallback' ? fellBack.reason : undefined).toMatchObject({ key: expect.stringMatching(/^provider_/) });
    const saved = await h.services.chatDb.messages.get('request-fallback');
    expect(saved).toMatchObject({
      status: 'complete',
      text: FIXTURE_TEXT,
      answeredBy: { index: 1, model: 'gpt-4o-mini', keyId: working },
      fellBackFrom: [{ provider: 'openai', model: 'gpt-4.1-nano', kind: 'overloaded' }],
    });
  });

  test('a non-retryable failure (key rejected) does not fall back and explains itself', async () => {
    const h = await harness();
    const rejected = await h.keyFor(primary);
    const other = await h.keyFor(backup);
    primary.setScenario('unauthorized');
    const page = collector();
    await h.services.chat.start(
      { type: 'start', requestId: 'request-401', targets: [{ keyId: rejected, model: 'm' }, { keyId: other, model: 'm' }], messages: question },
      page,
    );
    expect(backup.requests).toHaveLength(0);
    const last = page.messages.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { kind: 'key-rejected', retryable: false } });
    expect(JSON.stringify(last)).not.toContain(CANARY_KEY);
    expect((await h.services.chatDb.messages.get('request-401'))?.status).toBe('failed');
  });

  test('a worker death mid-stream keeps what arrived, marked interrupted', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    primary.setScenario('slow-drip', { chunkDelayMs: 40 });
    const page = collector();
    const running = h.services.chat.start({ type: 'start', requestId: 'request-death', targets: [{ keyId, model: 'm' }], messages: question }, page);
    await expect.poll(async () => (await h.services.chatDb.messages.get('request-death'))?.text.length ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    // A new worker over the same database: the old one's stream is gone.
    const restarted = createServices({ db: h.services.db, chatDb: openAnswersDatabase(h.chatDbName) });
    await restarted.ready();
    const interrupted = await restarted.chatDb.messages.get('request-death');
    expect(interrupted?.status).toBe('interrupted');
    expect(interrupted?.text.length).toBeGreaterThan(0);
    expect(interrupted?.error?.message).toBeUndefined();
    expect(interrupted?.error ? answerErrorText(interrupted.error) : '').toContain('continue or retry');
    h.services.chat.stop();
    await running;
  });

  test('a reopened page re-attaches to a running answer and gets what it missed', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    primary.setScenario('slow-drip', { chunkDelayMs: 20 });
    const closedPopup = collector();
    const running = h.services.chat.start({ type: 'start', requestId: 'request-attach', targets: [{ keyId, model: 'm' }], messages: question }, closedPopup);
    await expect.poll(() => closedPopup.messages.some((message) => message.type === 'delta'), { timeout: 5000 }).toBe(true);
    h.services.chat.detach(closedPopup);
    const reopened = collector();
    await h.services.chat.attach('request-attach', reopened);
    await running;
    const snapshot = reopened.messages[0];
    const rest = reopened.messages.slice(1).filter((message) => message.type === 'delta').map((message) => (message.type === 'delta' ? message.text : ''));
    expect(snapshot?.type).toBe('snapshot');
    expect((snapshot?.type === 'snapshot' ? snapshot.answer.text : '') + rest.join('')).toBe(FIXTURE_TEXT);
    expect(reopened.messages.at(-1)?.type).toBe('done');
  });

  test('a locked vault refuses to stream with a clear error', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    await h.services.vault.lock();
    const page = collector();
    await h.services.chat.start({ type: 'start', requestId: 'request-locked', targets: [{ keyId, model: 'm' }], messages: question }, page);
    expect(page.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'VAULT_LOCKED' } });
    expect(primary.requests).toHaveLength(0);
  });

  test('the per-key request cap stops a runaway loop before it reaches the provider', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    await writeSettings({ requestsPerMinutePerKey: 2 });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const page = collector();
      await h.services.chat.start({ type: 'start', requestId: `request-cap-${i}`, targets: [{ keyId, model: 'm' }], messages: question }, page);
      const last = page.messages.at(-1);
      outcomes.push(last?.type === 'error' ? last.error.kind : (last?.type ?? ''));
    }
    expect(outcomes).toEqual(['done', 'done', 'rate-limited', 'rate-limited']);
    expect(primary.requests).toHaveLength(2);
  });

  test('the same request id cannot be sent twice', async () => {
    const h = await harness();
    const keyId = await h.keyFor(primary);
    await h.services.chat.start({ type: 'start', requestId: 'request-dup', targets: [{ keyId, model: 'm' }], messages: question }, collector());
    const again = collector();
    await h.services.chat.start({ type: 'start', requestId: 'request-dup', targets: [{ keyId, model: 'm' }], messages: question }, again);
    // The worker sends the phrase, the page renders the words.
    expect(again.messages).toEqual([{ type: 'error', error: { kind: 'invalid-request', phrase: phrase('answer_alreadySent'), retryable: false } }]);
    const refused = again.messages[0];
    expect(refused?.type === 'error' ? answerErrorText(refused.error) : '').toBe('This request was already sent.');
  });
});
