import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServices } from '@/src/background/services';
import { openAnswersDatabase } from '@/src/history/answers-db';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { openVaultDatabase } from '@/src/vault/db';
import { KeepAlive } from '@/src/background/keep-alive';
import { UnlockedSession } from '@/src/session/unlocked-session';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { PASSPHRASE, CANARY_KEY } from '../helpers/harness';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});

describe('locking ends the answers in flight', () => {
  test('a lock ends a streaming answer with VAULT_LOCKED, and no request with the key follows', async () => {
    const suffix = Math.random().toString(36).slice(2);
    const services = createServices({
      db: openVaultDatabase(`vault-lock-${suffix}`),
      chatDb: openAnswersDatabase(`chat-lock-${suffix}`),
      keepAlive: new KeepAlive(async () => undefined, 5),
    });
    await services.vault.create(PASSPHRASE);
    const { id: keyId } = await services.keys.add({ provider: 'openai', label: 'Mock', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${mock.url}/v1` } });
    mock.setScenario('slow-drip', { chunkDelayMs: 200 });
    const messages: ServerMessage[] = [];
    const answer = services.chat.start(
      { type: 'start', requestId: 'lock-request-1', targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content: 'long' }] },
      { post: (message) => void messages.push(message) },
    );
    await expect.poll(() => messages.some((message) => message.type === 'delta'), { timeout: 10_000 }).toBe(true);
    const requestsBefore = mock.requests.length;

    await services.vault.lock();
    await answer;

    expect(messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'VAULT_LOCKED' }, answer: { status: 'failed' } });
    expect(services.chat.activeCount).toBe(0);
    expect(mock.requests.length).toBe(requestsBefore);
  });

  test('close listeners run on every close and can unsubscribe', async () => {
    const session = new UnlockedSession({ now: () => 0, autoLock: async () => 15 });
    let calls = 0;
    const unsubscribe = session.onClose(() => calls++);
    await session.close();
    unsubscribe();
    await session.close();
    expect(calls).toBe(1);
  });
});
