/**
 * Providers misbehaving, at unit level, for what the browser test (misbehaving-providers.spec.ts)
 * cannot wait for: the first-byte (300 s) and idle (120 s) deadlines of a stream that never ends
 * or never starts, here shortened through ChatStreams' `timeouts`. Also the answer size cap, and
 * the transport's cap on an event that never ends (issue 11, finding 9).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createServices, type Services } from '@/src/background/services';
import { KeepAlive } from '@/src/background/keep-alive';
import { openAnswersDatabase } from '@/src/history/answers-db';
import { ChatStreams, MAX_ANSWER_CHARS, type ChatStreamsDeps } from '@/src/chat/chat-streams';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { RequestRateLimiter } from '@/src/providers/rate-limit';
import { openVaultDatabase } from '@/src/vault/db';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { CANARY_KEY, PASSPHRASE } from '../unit/helpers/harness';
import { renderEnglish } from '../fixtures/messages';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

let counter = 0;
async function setup(timeouts: ChatStreamsDeps['timeouts'] = {}): Promise<{ services: Services; chat: ChatStreams; keyId: string }> {
  const suffix = `${++counter}-${Math.random().toString(36).slice(2)}`;
  const services = createServices({ db: openVaultDatabase(`misbehave-vault-${suffix}`), chatDb: openAnswersDatabase(`misbehave-chat-${suffix}`) });
  await services.vault.create(PASSPHRASE);
  const { id: keyId } = await services.keys.add({ provider: 'openai', label: 'Mock', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${mock.url}/v1` } });
  const chat = new ChatStreams({
    db: services.chatDb,
    keys: services.keys,
    keepAlive: new KeepAlive(async () => undefined, 5),
    limiter: new RequestRateLimiter({ requestsPerMinute: 0 }),
    now: Date.now,
    requestsPerMinute: async () => 0,
    retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
    timeouts,
  });
  return { services, chat, keyId };
}

function collector() {
  const messages: ServerMessage[] = [];
  return { messages, post: (message: ServerMessage) => void messages.push(message) };
}

const question = [{ role: 'user' as const, content: 'Tell me something' }];

describe('deadlines end a provider that stops talking', () => {
  test('a stream that never ends fails as an idle timeout; what arrived is kept', async () => {
    const { services, chat, keyId } = await setup({ idleTimeoutMs: 400 });
    mock.setScenario('never-ends');
    const page = collector();
    const started = Date.now();
    await chat.start({ type: 'start', requestId: 'request-never-ends', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(page.messages.at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'timeout' },
    });
    expect(lastErrorWords(page)).toBe('OpenAI stopped sending the answer for 1 s, so the extension gave up. Try again.');
    const saved = await services.chatDb.messages.get('request-never-ends');
    expect(saved?.status).toBe('failed');
    expect(saved?.text.length).toBeGreaterThan(0);
    expect(chat.activeCount).toBe(0);
  });

  test('a stream that never starts fails as a first-byte timeout', async () => {
    const { services, chat, keyId } = await setup({ firstByteTimeoutMs: 300 });
    mock.setScenario('slow-first-byte', { delayMs: 5_000 });
    const page = collector();
    const started = Date.now();
    await chat.start({ type: 'start', requestId: 'request-no-start', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(page.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'timeout' } });
    expect(lastErrorWords(page)).toContain('did not start answering');
    expect((await services.chatDb.messages.get('request-no-start'))?.status).toBe('failed');
  });
});

describe('a huge answer', () => {
  test('is cut at MAX_ANSWER_CHARS and saved with a clear reason; reading stops there', async () => {
    const { services, chat, keyId } = await setup();
    mock.setScenario('huge');
    const page = collector();
    await chat.start({ type: 'start', requestId: 'request-huge', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    const last = page.messages.at(-1);
    expect(last).toMatchObject({ type: 'done', answer: { status: 'complete', finishReason: 'length', error: { kind: 'answer-too-long', retryable: false } } });
    const saved = await services.chatDb.messages.get('request-huge');
    expect(saved).toMatchObject({ status: 'complete', finishReason: 'length', error: { kind: 'answer-too-long' } });
    expect(saved?.text.length).toBeGreaterThanOrEqual(MAX_ANSWER_CHARS);
    // At most one more 16 KB delta than the cap: the stream was left as soon as the cap was reached.
    expect(saved?.text.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS + 16_384);
  });
});

/** The last port message's error in English, as the page renders it; the worker sends a phrase, never words. */
function lastErrorWords(page: { messages: ServerMessage[] }): string {
  const last = page.messages.at(-1) as { error?: { phrase?: unknown; message?: unknown } } | undefined;
  expect(last?.error?.message).toBeUndefined();
  return renderEnglish(last?.error?.phrase);
}

describe('an event that never ends (issue 11, finding 9)', () => {
  test.each(['endless-event', 'endless-line'] as const)('%s: the answer fails with a clear message, and the words before it are kept', async (scenario) => {
    const { services, chat, keyId } = await setup();
    mock.setScenario(scenario);
    const page = collector();
    const requestId = `request-${scenario}`;
    await chat.start({ type: 'start', requestId, targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    expect(page.messages.at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'response-too-large', retryable: false },
    });
    expect(lastErrorWords(page)).toMatch(/^OpenAI sent more than 8 MB without ending a message, so Keyward stopped reading it\./);
    const saved = await services.chatDb.messages.get(requestId);
    expect(saved).toMatchObject({ status: 'failed', text: '**Holiday Name:**', error: { kind: 'response-too-large' } });
  });
});
