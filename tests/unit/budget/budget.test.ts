import { answerErrorText } from '@/src/chat/answer-record';
import { renderPhrase } from '@/src/shared/i18n/text';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { protocol } from '@/src/messaging/protocol';
import type { BudgetCap } from '@/src/budget/schemas';
import { levelOf } from '@/src/budget/evaluate';
import { CHROME_BUILT_IN } from '@/src/providers/types';
import { writeSettings, writeSpendSettings } from '@/src/settings/settings-store';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { collector, requestId, unlockedHarness, type SpendHarness } from '../usage/helpers';

let server: MockProvider;
beforeAll(async () => {
  server = await startMockProvider();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const page = { sender: 'extension-page' } as const;
const NOW = Date.UTC(2026, 10, 23, 9);
const question = [{ role: 'user' as const, content: 'Hello there' }];

/** Spends `usd` dollars on a model the overrides price at $1 per 1M input tokens. */
async function spend(h: SpendHarness, usd: number, keyId: string | null = null, provider = 'openai'): Promise<void> {
  await h.spend.recorder.record({
    kind: 'chat',
    provider,
    model: 'seed-model',
    keyId,
    startedAt: h.clock.now,
    endedAt: h.clock.now,
    usage: { inputTokens: Math.round(usd * 1_000_000), outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
    outcome: 'ok',
  });
}

async function setCaps(caps: BudgetCap[], warnAt = 0.8): Promise<void> {
  await writeSpendSettings({ caps, warnAt, priceOverrides: [{ provider: 'openai', model: 'seed-model', input: 1, output: 1 }, { provider: 'anthropic', model: 'seed-model', input: 1, output: 1 }] });
}

async function send(h: SpendHarness, keyId: string): Promise<ServerMessage[]> {
  const { messages, post } = collector();
  await h.chat.start({ type: 'start', requestId: requestId(), targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: question }, { post });
  return messages;
}

const globalMonthly: BudgetCap = { id: 'cap-global', scope: 'global', period: 'month', limitUsd: 1 };

describe('budget levels', () => {
  test('ok below the warning share, warn from it (or when the request would cross), block at 100 %', () => {
    expect(levelOf(globalMonthly, 0.79, 0.8)).toBe('ok');
    expect(levelOf(globalMonthly, 0.8, 0.8)).toBe('warn');
    expect(levelOf(globalMonthly, 0.5, 0.8, 0.6)).toBe('warn');
    expect(levelOf(globalMonthly, 0.5, 0.8, 0.4)).toBe('ok');
    expect(levelOf(globalMonthly, 0.99, 0.8)).toBe('warn');
    expect(levelOf(globalMonthly, 1, 0.8)).toBe('block');
    expect(levelOf(globalMonthly, 0.5, 0.5)).toBe('warn');
  });
});

describe('budgets in the chat', () => {
  let h: SpendHarness;
  let keyId: string;
  beforeEach(async () => {
    h = await unlockedHarness({ clock: { now: NOW } });
    keyId = await h.keyFor(server.url, 'Work key');
  });

  test('at the warning share, a budget warning comes before the answer, which still streams', async () => {
    await setCaps([globalMonthly]);
    await spend(h, 0.85);
    const messages = await send(h, keyId);
    const budget = messages.findIndex((message) => message.type === 'budget');
    const firstTarget = messages.findIndex((message) => message.type === 'target');
    expect(budget).toBeGreaterThanOrEqual(0);
    expect(budget).toBeLessThan(firstTarget);
    expect(messages[budget]).toMatchObject({ type: 'budget', level: 'warn', notices: [{ capId: 'cap-global', level: 'warn', limitUsd: 1 }] });
    expect(messages.at(-1)?.type).toBe('done');
    expect(server.requests).toHaveLength(1);
  });

  test('no caps, no warning; below the share, no warning', async () => {
    expect((await send(h, keyId)).some((message) => message.type === 'budget')).toBe(false);
    await setCaps([globalMonthly]);
    await spend(h, 0.5);
    expect((await send(h, keyId)).some((message) => message.type === 'budget')).toBe(false);
  });

  test('at 100 % the request is blocked before it reaches the provider, naming the cap and when it resets', async () => {
    await setCaps([globalMonthly]);
    await spend(h, 1.02);
    const messages = await send(h, keyId);
    expect(server.requests).toHaveLength(0);
    expect(messages.find((message) => message.type === 'budget')).toMatchObject({ level: 'block', notices: [{ capId: 'cap-global', level: 'block' }] });
    const last = messages.at(-1);
    expect(last).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded', retryable: false } });
    const text = last?.type === 'error' ? answerErrorText(last.error) : '';
    expect(text).toContain('the monthly budget for all providers');
    expect(text).toContain('$1.02 of $1.00');
    expect(text).toContain(new Date(2026, 11, 1).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
    expect(last?.type === 'error' ? last.answer?.status : undefined).toBe('failed');
    await h.spend.recorder.idle();
    expect((await h.spend.db.calls.toArray()).filter((call) => call.model === 'gpt-4.1-nano')).toHaveLength(0);
  });

  test('a budget of a cent: the block names amounts with the digits that tell them apart, and says what is so, not what to click', async () => {
    await setCaps([{ id: 'cap-cent', scope: 'global', period: 'day', limitUsd: 0.01 }]);
    await spend(h, 0.0104);
    const last = (await send(h, keyId)).at(-1);
    const text = last?.type === 'error' ? answerErrorText(last.error) : '';
    expect(text).toMatch(/^Used up: the daily budget for all providers \(\$0\.0104 of \$0\.01\)\. It resets .+\.$/);
    expect(text).not.toMatch(/Blocked|send anyway|override/i);
    expect(server.requests).toHaveLength(0);
  });

  test('budgets below a cent, down to a hundredth of one, are accepted by the worker and enforced', async () => {
    const tiny: BudgetCap = { id: 'cap-tiny', scope: 'global', period: 'day', limitUsd: 0.0005 };
    expect(protocol['spendSettings.update'].request.safeParse({ caps: [tiny] }).success).toBe(true);
    expect(protocol['spendSettings.update'].request.safeParse({ caps: [{ ...tiny, limitUsd: 0.0001 }] }).success).toBe(true);
    expect(protocol['spendSettings.update'].request.safeParse({ caps: [{ ...tiny, limitUsd: 0.00009 }] }).success).toBe(false);
    await setCaps([tiny]);
    await spend(h, 0.0004);
    expect((await h.handlers['budget.status']({}, page)).caps).toMatchObject([{ capId: 'cap-tiny', level: 'warn', limitUsd: 0.0005 }]);
    await spend(h, 0.0002);
    const last = (await send(h, keyId)).at(-1);
    expect(last?.type === 'error' ? answerErrorText(last.error) : '').toContain('($0.0006 of $0.0005)');
    expect(server.requests).toHaveLength(0);
  });

  test('a deliberate override lets exactly the next request through, and is audited', async () => {
    await setCaps([globalMonthly]);
    await spend(h, 1.5);
    await expect(h.handlers['budget.override']({ capId: 'nope' }, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.handlers['budget.override']({ capId: 'cap-global' }, page)).toEqual({ capId: 'cap-global' });
    expect((await send(h, keyId)).at(-1)?.type).toBe('done');
    expect(server.requests).toHaveLength(1);
    expect((await send(h, keyId)).at(-1)).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded' } });
    expect(server.requests).toHaveLength(1);
    const audit = (await h.spend.db.audit.toArray()).map((entry) => [entry.action, entry.detail]);
    expect(audit).toContainEqual(['budget.override', 'the monthly budget for all providers']);
    expect(audit).toContainEqual(['budget.override-used', 'the monthly budget for all providers']);
  });

  test('an override is refused while the cap is not used up', async () => {
    await setCaps([globalMonthly]);
    await spend(h, 0.9);
    await expect(h.handlers['budget.override']({ capId: 'cap-global' }, page)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('provider and key caps apply to their provider and key only', async () => {
    const otherKey = await h.keyFor(server.url, 'Other key');
    await setCaps([
      { id: 'cap-anthropic', scope: 'provider', target: 'anthropic', period: 'month', limitUsd: 1 },
      { id: 'cap-work', scope: 'key', target: keyId, period: 'day', limitUsd: 2 },
    ]);
    await spend(h, 5, null, 'anthropic');
    await spend(h, 2, keyId);
    const blocked = await send(h, keyId);
    expect(blocked.at(-1)).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded' } });
    expect(blocked.at(-1)?.type === 'error' ? blocked.at(-1) : undefined).toBeDefined();
    const message = blocked.at(-1);
    expect(message?.type === 'error' ? answerErrorText(message.error) : '').toContain('the daily budget for the key "Work key"');
    expect((await send(h, otherKey)).at(-1)?.type).toBe('done');
  });

  test('a daily cap resets at local midnight; a monthly one on the first of the month', async () => {
    await writeSettings({ autoLock: 'browser-close' }); // the clock moves by days
    await setCaps([{ id: 'cap-day', scope: 'global', period: 'day', limitUsd: 1 }, { ...globalMonthly, limitUsd: 3 }]);
    await spend(h, 1.2);
    expect((await send(h, keyId)).at(-1)).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded' } });
    const [day] = (await h.handlers['budget.status']({}, page)).caps;
    expect(day?.resetsAt).toBe(new Date(2026, 10, 24).getTime());
    h.clock.now = new Date(2026, 10, 24, 0, 0, 1).getTime();
    expect((await send(h, keyId)).at(-1)?.type).toBe('done');
    await spend(h, 2);
    const both = await send(h, keyId);
    expect(both.find((message) => message.type === 'budget')).toMatchObject({
      level: 'block',
      notices: [{ capId: 'cap-day', level: 'block' }, { capId: 'cap-global', level: 'block', spentUsd: expect.closeTo(3.2, 2) as number }],
    });
    h.clock.now = new Date(2026, 11, 1, 0, 0, 1).getTime();
    expect((await send(h, keyId)).at(-1)?.type).toBe('done');
  });

  test('the chat port asks with the estimate: prompt characters / 4 plus the answer size, priced, and the caps it would cross', async () => {
    await setCaps([globalMonthly]);
    await spend(h, 0.5);
    await writeSpendSettings({ priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
    // 20,000 characters → 5,000 prompt tokens, plus the default 1,000 answer tokens, at $100 per 1M: $0.60.
    const { messages, post } = collector();
    const id = requestId();
    const answering = h.chat.start(
      { type: 'start', requestId: id, targets: [{ keyId, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content: 'x'.repeat(20_000) }], confirmCost: true },
      { post },
    );
    await vi.waitFor(() => expect(messages[0]?.type).toBe('confirm'));
    const estimate = messages[0]?.type === 'confirm' ? messages[0].estimate : undefined;
    expect(estimate).toMatchObject({ inputTokens: 5_000, outputTokens: 1_000, large: true, level: 'warn' });
    expect(estimate?.costUsd).toBeCloseTo(0.6, 12);
    expect(estimate?.notices).toMatchObject([{ capId: 'cap-global', level: 'warn', spentUsd: 0.5 }]);
    expect(renderPhrase(estimate!.notices[0]!.phrase)).toContain('would go past the monthly budget for all providers');
    // The amounts travel as numbers inside the phrase; the page writes them in its own language.
    expect(estimate!.notices[0]!.phrase.params).toContainEqual({ usd: 0.6 });
    expect(estimate!.notices[0]!.phrase.params).toContainEqual({ usd: 0.5, pairedWith: 1 });
    expect(JSON.stringify(estimate)).not.toMatch(/\$\d/);
    h.chat.decide(id, 'cancel');
    await answering;
    expect(server.requests).toHaveLength(0);
  });

  test('the estimate the chat port asks with: an answer size of maxTokens, unknown models unpriced, the built-in model free', async () => {
    await setCaps([globalMonthly]);
    await spend(h, 0.5);
    await writeSpendSettings({ priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
    const { budgets } = h.spend;
    // The targets as the chat port resolves them: the key's provider, or the built-in model's for no key.
    const small = await budgets.check([{ provider: 'openai', keyId, model: 'gpt-4.1-nano' }], { promptChars: 40, maxTokens: 10 }, true);
    expect(small).toMatchObject({ inputTokens: 10, outputTokens: 10, large: false, level: 'ok', notices: [] });
    expect(small.costUsd).toBeCloseTo(0.002, 12);
    const unknown = await budgets.check([{ provider: 'openai', keyId, model: 'no-such-model' }], { promptChars: 40 }, true);
    expect(unknown.costUsd).toBeNull();
    const builtIn = await budgets.check([{ provider: CHROME_BUILT_IN, keyId: null, model: 'gemini-nano' }], { promptChars: 40 }, true);
    expect(builtIn.costUsd).toBe(0);
  });

  test('the toolbar badge shows the fullest cap: amber percentage when warning, red MAX when blocking', async () => {
    const text = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    const color = vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
    await setCaps([globalMonthly]);
    await spend(h, 0.86);
    await h.spend.budgets.refreshBadge();
    expect(text).toHaveBeenLastCalledWith({ text: '86%' });
    expect(color).toHaveBeenLastCalledWith({ color: '#b45309' });
    await spend(h, 0.2);
    await h.spend.budgets.refreshBadge();
    expect(text).toHaveBeenLastCalledWith({ text: 'MAX' });
    expect(color).toHaveBeenLastCalledWith({ color: '#b91c1c' });
    await h.handlers['spendSettings.update']({ caps: [] }, page);
    expect(text).toHaveBeenLastCalledWith({ text: '' });
  });
});
