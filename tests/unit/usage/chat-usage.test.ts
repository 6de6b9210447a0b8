import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { collector, requestId, unlockedHarness } from './helpers';

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

const question = [{ role: 'user' as const, content: 'How much does this cost? '.repeat(8) }];

describe('every provider call is recorded', () => {
  test('a chat answer: provider, model, key label, reported tokens, catalog cost, latency and time to first token', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(primary.url, 'Work key');
    const id = requestId();
    await h.chat.start({ type: 'start', requestId: id, targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, collector());
    await h.spend.recorder.idle();
    const [call] = await h.spend.db.calls.toArray();
    expect(call).toMatchObject({
      kind: 'chat',
      provider: 'openai',
      model: 'gpt-4.1-nano',
      keyId,
      keyLabel: 'Work key',
      inputTokens: 16,
      outputTokens: 300,
      estimated: false,
      outcome: 'ok',
      requestId: id,
      day: '2026-11-23',
    });
    // gpt-4.1-nano: $0.10 in, $0.40 out per 1M.
    expect(call?.cost).toBeCloseTo((16 * 0.1 + 300 * 0.4) / 1e6, 12);
    expect(call?.ttftMs).not.toBeNull();
    expect(await h.spend.db.daily.toArray()).toMatchObject([{ day: '2026-11-23', provider: 'openai', model: 'gpt-4.1-nano', keyId, calls: 1, errors: 0 }]);
  });

  test('a fallback: the failed attempt is a call of its own, with outcome error and its error class', async () => {
    const h = await unlockedHarness();
    const failing = await h.keyFor(primary.url, 'Primary');
    const working = await h.keyFor(backup.url, 'Backup');
    primary.setScenario('overloaded');
    await h.chat.start(
      { type: 'start', requestId: requestId(), targets: [{ keyId: failing, model: 'gpt-4.1-nano' }, { keyId: working, model: 'gpt-4o-mini' }], messages: question },
      collector(),
    );
    await h.spend.recorder.idle();
    const calls = (await h.spend.db.calls.toArray()).sort((a, b) => a.keyLabel.localeCompare(b.keyLabel));
    expect(calls.map(({ keyLabel, model, outcome, errorKind, inputTokens }) => ({ keyLabel, model, outcome, errorKind, inputTokens }))).toEqual([
      { keyLabel: 'Backup', model: 'gpt-4o-mini', outcome: 'ok', errorKind: undefined, inputTokens: 16 },
      { keyLabel: 'Primary', model: 'gpt-4.1-nano', outcome: 'error', errorKind: 'overloaded', inputTokens: 0 },
    ]);
    expect(calls.every((call) => call.requestId === calls[0]?.requestId)).toBe(true);
    const audit = (await h.spend.db.audit.toArray()).map((entry) => `${entry.action} ${entry.keyLabel ?? ''} ${entry.outcome} ${entry.errorClass ?? ''}`.trim());
    expect(audit.sort()).toEqual(['call.chat Backup ok', 'call.chat Primary error overloaded']);
  });

  test('a stopped answer is a call with outcome stopped and estimated tokens', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(primary.url);
    primary.setScenario('slow-drip', { chunkDelayMs: 30 });
    const page = collector();
    const id = requestId();
    const running = h.chat.start({ type: 'start', requestId: id, targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, page);
    await expect.poll(() => page.messages.some((message) => message.type === 'delta'), { timeout: 5000 }).toBe(true);
    h.chat.stop(id);
    await running;
    await h.spend.recorder.idle();
    const [call] = await h.spend.db.calls.toArray();
    expect(call).toMatchObject({ outcome: 'stopped', estimated: true, inputTokens: Math.ceil((question[0]?.content.length ?? 0) / 4) });
    expect(call?.outputTokens).toBeGreaterThan(0);
  });

  test('an answer cut off by a worker death is recorded as interrupted by the next worker', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(primary.url);
    primary.setScenario('slow-drip', { chunkDelayMs: 40 });
    const id = requestId();
    const running = h.chat.start({ type: 'start', requestId: id, targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, collector());
    await expect.poll(async () => (await h.chatDb.messages.get(id))?.text.length ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    const restarted = h.restart();
    await restarted.ready();
    await restarted.spend.recorder.idle();
    expect(await restarted.spend.db.calls.toArray()).toMatchObject([{ outcome: 'interrupted', requestId: id, estimated: true, provider: 'openai' }]);
    h.chat.stop();
    await running;
  });

  test('connection tests and model lists are calls too, without a model, and tests are audited as key events', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(primary.url, 'Work key');
    expect((await h.handlers['keys.test']({ id: keyId }, { sender: 'extension-page' })).result).toBe('works');
    await h.handlers['models.list']({ keyId }, { sender: 'extension-page' });
    primary.setScenario('unauthorized');
    expect((await h.handlers['keys.test']({ id: keyId }, { sender: 'extension-page' })).result).toBe('key-rejected');
    await expect(h.handlers['models.list']({ keyId }, { sender: 'extension-page' })).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await h.spend.recorder.idle();
    const calls = await h.spend.db.calls.toArray();
    calls.sort((a, b) => `${a.kind}${a.outcome}`.localeCompare(`${b.kind}${b.outcome}`));
    expect(calls.map(({ kind, outcome, errorKind, model, keyLabel }) => [kind, outcome, errorKind, model, keyLabel])).toEqual([
      ['models', 'error', 'key-rejected', '', 'Work key'],
      ['models', 'ok', undefined, '', 'Work key'],
      ['test', 'error', 'key-rejected', '', 'Work key'],
      ['test', 'ok', undefined, '', 'Work key'],
    ]);
    const actions = (await h.spend.db.audit.toArray()).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'key.tested')).toHaveLength(2);
    expect(actions.filter((action) => action === 'call.models')).toHaveLength(2);
  });
});
