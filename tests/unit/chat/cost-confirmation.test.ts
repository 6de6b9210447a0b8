import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { handleChatPort } from '@/src/background/chat-port';
import type { ClientMessage, ServerMessage, StartMessage } from '@/src/chat/port-protocol';
import type { BudgetCap } from '@/src/budget/schemas';
import type { Browser } from '@/src/platform/browser';
import { writeSpendSettings } from '@/src/settings/settings-store';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { unlockedHarness, type SpendHarness } from '../usage/helpers';

/**
 * The cost confirmation as one step of the chat port: the worker checks the budgets once, asks
 * the page (`confirm` with the estimate) before a large request or one reaching a budget, and
 * waits on the same port. Confirm sends it (a used-up budget still needs its override); cancel,
 * stop or the page leaving end it with nothing sent to the provider and nothing charged.
 */

let server: MockProvider;
beforeAll(async () => {
  server = await startMockProvider();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const self = { id: 'keyward-test', origin: 'chrome-extension://keyward-test' };
const NOW = Date.UTC(2026, 10, 23, 9);
const globalMonthly: BudgetCap = { id: 'cap-global', scope: 'global', period: 'month', limitUsd: 1 };

/** A page's end of the chat port, wired to the worker's handler as the browser would. */
function openPort(h: SpendHarness) {
  const received: ServerMessage[] = [];
  const listeners: ((message: unknown) => void)[] = [];
  const leaving: (() => void)[] = [];
  const port = {
    name: 'keyward.chat',
    sender: { id: self.id, url: `${self.origin}/popup.html` },
    postMessage: (message: ServerMessage) => void received.push(message),
    disconnect: () => undefined,
    onMessage: { addListener: (listener: (message: unknown) => void) => void listeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void leaving.push(listener) },
  };
  handleChatPort(port as unknown as Browser.runtime.Port, h, self);
  return {
    received,
    send: (message: ClientMessage) => listeners.forEach((listener) => listener(message)),
    leave: () => leaving.forEach((listener) => listener()),
    ended: () => received.some((message) => message.type === 'done' || message.type === 'error'),
  };
}

let counter = 0;
function start(keyId: string, content: string, confirmCost = true): StartMessage {
  return { type: 'start', requestId: `confirm-${String(++counter).padStart(6, '0')}`, targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content }], confirmCost };
}

/** Prices gpt-4.1-nano at $100 per 1M tokens: the default 1,000 answer tokens alone cost $0.10. */
async function expensive(caps: BudgetCap[] = []): Promise<void> {
  await writeSpendSettings({ caps, warnAt: 0.8, priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
}

async function chatCalls(h: SpendHarness): Promise<number> {
  await h.spend.recorder.idle();
  return (await h.spend.db.calls.toArray()).filter((call) => call.model === 'gpt-4.1-nano').length;
}

describe('the cost confirmation on the chat port', () => {
  let h: SpendHarness;
  let keyId: string;
  beforeEach(async () => {
    h = await unlockedHarness({ clock: { now: NOW } });
    keyId = await h.keyFor(server.url, 'Work key');
  });

  test('a large request: the worker asks with the estimate and sends nothing until the page confirms', async () => {
    await expensive();
    const page = openPort(h);
    const request = start(keyId, 'x'.repeat(4_000));
    page.send(request);
    await expect.poll(() => page.received.length).toBeGreaterThan(0);
    expect(page.received[0]).toMatchObject({ type: 'confirm', estimate: { inputTokens: 1_000, outputTokens: 1_000, large: true, level: 'ok', notices: [] } });
    const estimate = page.received[0]?.type === 'confirm' ? page.received[0].estimate : undefined;
    expect(estimate?.costUsd).toBeCloseTo(0.2, 6);
    // Waiting for the user: nothing went out, nothing was saved or charged.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(0);
    expect(await h.chatDb.messages.get(request.requestId)).toBeUndefined();

    page.send({ type: 'confirm' });
    await expect.poll(page.ended, { timeout: 5000 }).toBe(true);
    expect(page.received.at(-1)?.type).toBe('done');
    expect(page.received.filter((message) => message.type === 'confirm')).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
    expect(await chatCalls(h)).toBe(1);
  });

  test('cancel: the answer ends as cancelled, nothing reaches the provider and nothing is charged', async () => {
    await expensive();
    const page = openPort(h);
    const request = start(keyId, 'x'.repeat(4_000));
    page.send(request);
    await expect.poll(() => page.received[0]?.type).toBe('confirm');
    page.send({ type: 'cancel' });
    await expect.poll(page.ended).toBe(true);
    const last = page.received.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { kind: 'cancelled', retryable: true }, answer: { status: 'failed' } });
    expect(server.requests).toHaveLength(0);
    expect(await chatCalls(h)).toBe(0);
    expect(await h.chatDb.messages.get(request.requestId)).toMatchObject({ status: 'failed', error: { kind: 'cancelled' } });
    expect(h.keepAlive.active).toBe(0);
  });

  test('the page leaving while asked is a cancel: nothing is sent', async () => {
    await expensive();
    const page = openPort(h);
    const request = start(keyId, 'x'.repeat(4_000));
    page.send(request);
    await expect.poll(() => page.received[0]?.type).toBe('confirm');
    page.leave();
        await expect.poll(async () => (await h.chatDb.messages.get(request.requestId))?.error?.kind).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
    expect(await chatCalls(h)).toBe(0);
  });

  test('a small request within budget goes straight out, nothing asked', async () => {
    await expensive();
    const page = openPort(h);
    page.send({ ...start(keyId, 'hi'), maxTokens: 10 });
    await expect.poll(page.ended, { timeout: 5000 }).toBe(true);
    expect(page.received.some((message) => message.type === 'confirm')).toBe(false);
    expect(page.received.at(-1)?.type).toBe('done');
    expect(server.requests).toHaveLength(1);
  });

  test('a used-up budget: asked with the block; confirm alone is still blocked, confirm after the override is sent once', async () => {
    await expensive([globalMonthly]);
    await h.spend.recorder.record({
      kind: 'chat',
      provider: 'openai',
      model: 'gpt-4.1-nano',
      keyId,
      startedAt: NOW,
      endedAt: NOW,
      usage: { inputTokens: 10_200, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
      outcome: 'ok',
    });
    const spentBefore = await chatCalls(h);

    const first = openPort(h);
    first.send({ ...start(keyId, 'hi'), maxTokens: 10 });
    await expect.poll(() => first.received[0]?.type).toBe('confirm');
    expect(first.received[0]).toMatchObject({ type: 'confirm', estimate: { large: false, level: 'block', notices: [{ capId: 'cap-global', level: 'block' }] } });
    first.send({ type: 'confirm' });
    await expect.poll(first.ended).toBe(true);
    expect(first.received.at(-1)).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded' } });
    expect(server.requests).toHaveLength(0);

    const second = openPort(h);
    second.send({ ...start(keyId, 'hi'), maxTokens: 10 });
    await expect.poll(() => second.received[0]?.type).toBe('confirm');
    expect(await h.handlers['budget.override']({ capId: 'cap-global' }, { sender: 'extension-page' })).toEqual({ capId: 'cap-global' });
    second.send({ type: 'confirm' });
    await expect.poll(second.ended, { timeout: 5000 }).toBe(true);
    expect(second.received.at(-1)?.type).toBe('done');
    expect(server.requests).toHaveLength(1);
    expect(await chatCalls(h)).toBe(spentBefore + 1);
  });

  test('without confirmCost (a raw port client) nothing is asked: warnings and blocks apply as they are', async () => {
    await expensive();
    const page = openPort(h);
    page.send(start(keyId, 'x'.repeat(4_000), false));
    await expect.poll(page.ended, { timeout: 5000 }).toBe(true);
    expect(page.received.some((message) => message.type === 'confirm')).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  test('a confirm from a port with no request waiting is ignored', async () => {
    await expensive();
    const other = openPort(h);
    const page = openPort(h);
    page.send(start(keyId, 'x'.repeat(4_000)));
    await expect.poll(() => page.received[0]?.type).toBe('confirm');
    other.send({ type: 'confirm' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(0);
    page.send({ type: 'cancel' });
    await expect.poll(page.ended).toBe(true);
  });
});
