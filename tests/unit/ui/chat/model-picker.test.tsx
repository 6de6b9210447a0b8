// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { openHistory, type HistoryStore } from '@/src/history';
import { send } from '@/src/messaging/client';
import { isBuiltInModelAvailable } from '@/src/providers/chrome-built-in';
import { AppError } from '@/src/shared/errors';
import { Chat } from '@/src/ui/chat/Chat';
import { clearModelCache } from '@/src/ui/chat/model-source';
import { clearPrices } from '@/src/ui/chat/prices';
import { DEFAULT_SPEND_SETTINGS } from '@/src/settings/settings-store';
import type { PriceOverrideEntry } from '@/src/usage/schemas';
import { act } from '@testing-library/react';
import { UNLOCKED, installBackend, keyView, sent, type FakeHandlers } from '../fake-backend';
import { answer, createFakeHistory, installChatClient, type FakeHistory, type FakeStream } from './fakes';
import { renderInPage } from '../in-page';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));
vi.mock('@/src/providers/chrome-built-in', () => ({ isBuiltInModelAvailable: vi.fn(async () => false) }));

let fakeHistory: FakeHistory;
let streams: FakeStream[];
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

const openaiKey = keyView({ id: 'key-openai', provider: 'openai', label: 'Work' });
const anthropicKey = keyView({ id: 'key-anthropic', provider: 'anthropic', label: 'Personal' });
const ollamaKey = keyView({ id: 'key-ollama', provider: 'ollama', label: 'Ollama', masked: '' });
const damagedKey = keyView({ id: 'key-damaged', provider: 'mistral', label: 'Broken one', damaged: true });

function backend(overrides: FakeHandlers = {}) {
  return installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys: [openaiKey, damagedKey, anthropicKey, ollamaKey] }),
    'settings.get': () => ({
      autoLock: 15,
      requestsPerMinutePerKey: 0,
      fallbackChains: [
        { id: 'chain-fast', name: 'Fast', targets: [{ keyId: 'key-openai', model: 'gpt-4o-mini' }, { keyId: 'key-anthropic', model: 'claude-3-5-haiku-latest' }] },
        { id: 'chain-dead', name: 'Needs mistral', targets: [{ keyId: 'key-damaged', model: 'mistral-large-latest' }] },
      ],
    }),
    'models.list': ({ keyId }) => {
      if (keyId === 'key-openai') return { models: [{ id: 'my-finetune' }, { id: 'gpt-4o' }, { id: 'text-embedding-3-small' }, { id: 'gpt-4o-mini' }] };
      if (keyId === 'key-anthropic') throw new AppError('PROVIDER_ERROR', 'Anthropic could not be reached.');
      throw new AppError('PROVIDER_ERROR', 'Ollama is not running.');
    },
    ...overrides,
  });
}

beforeEach(() => {
  fakeHistory = createFakeHistory();
  streams = installChatClient(startChat, attachChat);
  clearModelCache();
  clearPrices();
  vi.mocked(isBuiltInModelAvailable).mockResolvedValue(false);
});

const picker = () => screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement;
const groups = () => Array.from(picker().querySelectorAll('optgroup'));
const optionsOf = (group: HTMLOptGroupElement) => Array.from(group.querySelectorAll('option'));

async function loaded() {
  await waitFor(() => {
    expect(groups().length).toBeGreaterThan(0);
    expect(Array.from(picker().querySelectorAll('option')).filter((option) => option.value.startsWith('loading:'))).toHaveLength(0);
  });
}

describe('model picker', () => {
  it('groups models by key with prices, context and vision; damaged keys are left out', async () => {
    const mock = backend();
    renderInPage(<Chat />);
    await loaded();
    expect(groups().map((group) => group.label)).toEqual([
      'OpenAI — Work',
      'Anthropic — Personal (Model list unavailable; showing known models)',
      'Ollama',
      'Fallback chains',
    ]);
    // Only keys that are not damaged are asked for their models.
    expect(sent(mock, 'models.list').map(({ keyId }) => keyId).sort()).toEqual(['key-anthropic', 'key-ollama', 'key-openai']);
    const [openai, anthropic, ollama] = groups() as [HTMLOptGroupElement, HTMLOptGroupElement, HTMLOptGroupElement];
    // The live list, merged with the catalog: known models first, embeddings dropped, unknown ids kept.
    expect(optionsOf(openai).map((option) => option.textContent)).toEqual([
      'gpt-4o · $2.50 / $10.00 per 1M · 128K context · vision',
      'gpt-4o-mini · $0.15 / $0.60 per 1M · 128K context · vision',
      'my-finetune · price unknown',
    ]);
    // The live list failed: the catalog's models of the provider instead.
    const claude = optionsOf(anthropic).find((option) => option.value === 'key:key-anthropic:claude-sonnet-4-5');
    expect(claude?.textContent).toBe('claude-sonnet-4-5 · $3.00 / $15.00 per 1M · 200K context · vision');
    expect(optionsOf(anthropic).length).toBeGreaterThan(5);
    // A local server that is down and has no catalog: nothing to pick.
    expect(optionsOf(ollama).map((option) => [option.textContent, option.disabled])).toEqual([['No models found', true]]);
    expect(picker().textContent).not.toContain('Broken one');
  });

  it('lists fallback chains, and a chain that needs an unusable key cannot be picked', async () => {
    backend();
    renderInPage(<Chat />);
    await loaded();
    const chains = groups().find((group) => group.label === 'Fallback chains') as HTMLOptGroupElement;
    expect(optionsOf(chains).map((option) => [option.textContent, option.disabled])).toEqual([
      ['Fast (gpt-4o-mini → claude-3-5-haiku-latest)', false],
      ['Needs mistral (mistral-large-latest) — unavailable', true],
    ]);
    fireEvent.change(picker(), { target: { value: 'chain:chain-dead' } });
    expect(picker().value).not.toBe('chain:chain-dead');
    fireEvent.change(picker(), { target: { value: 'chain:chain-fast' } });
    expect(picker().value).toBe('chain:chain-fast');
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]?.request?.targets).toEqual([
      { keyId: 'key-openai', model: 'gpt-4o-mini' },
      { keyId: 'key-anthropic', model: 'claude-3-5-haiku-latest' },
    ]);
  });

  it("shows Chrome's built-in model only when it is available", async () => {
    backend();
    const { unmount } = renderInPage(<Chat />);
    await loaded();
    expect(picker().querySelector('option[value="builtin:gemini-nano"]')).toBeNull();
    unmount();

    vi.mocked(isBuiltInModelAvailable).mockResolvedValue(true);
    renderInPage(<Chat />);
    await waitFor(() => expect(picker().querySelector('option[value="builtin:gemini-nano"]')).not.toBeNull());
    const group = picker().querySelector('option[value="builtin:gemini-nano"]')?.parentElement as HTMLOptGroupElement;
    expect(group.label).toBe('Chrome built-in (on this device)');
    expect(picker().querySelector('option[value="builtin:gemini-nano"]')?.textContent).toBe('Gemini Nano · free · on device');
  });

  it('remembers the last choice in storage.local and per conversation', async () => {
    await fakeBrowser.storage.local.set({ lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o-mini' }] });
    backend();
    renderInPage(<Chat />);
    await waitFor(() => expect(picker().value).toBe('key:key-openai:gpt-4o-mini'));
    fireEvent.change(picker(), { target: { value: 'key:key-anthropic:claude-sonnet-4-5' } });
    await waitFor(async () =>
      expect((await fakeBrowser.storage.local.get('lastTargets')).lastTargets).toEqual([{ keyId: 'key-anthropic', model: 'claude-sonnet-4-5' }]),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(fakeHistory.store.setLastTargets).toHaveBeenCalledWith(streams.at(-1)?.request?.conversationId, [{ keyId: 'key-anthropic', model: 'claude-sonnet-4-5' }]));
  });

  it("a conversation's own last model wins over the global one", async () => {
    await fakeBrowser.storage.local.set({ lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o' }] });
    fakeHistory.seed({ id: 'conv-9', lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o-mini' }] });
    backend();
    renderInPage(<Chat conversationId="conv-9" />);
    await waitFor(() => expect(picker().value).toBe('key:key-openai:gpt-4o-mini'));
  });

  it('uses the first usable model when nothing was remembered, and caches model lists for the page', async () => {
    const mock = backend();
    const { unmount } = renderInPage(<Chat />);
    await waitFor(() => expect(picker().value).toBe('key:key-openai:gpt-4o'));
    unmount();
    renderInPage(<Chat />);
    await waitFor(() => expect(picker().value).toBe('key:key-openai:gpt-4o'));
    // The OpenAI list came once; failed lists are asked again.
    expect(sent(mock, 'models.list').filter(({ keyId }) => keyId === 'key-openai')).toHaveLength(1);
  });

  it("prices at the user's own prices: the picker, and the answer footer, follow 'Your own prices' as they change", async () => {
    let priceOverrides: PriceOverrideEntry[] = [
      { provider: 'openai', model: 'gpt-4o-mini', input: 100, output: 100 },
      { provider: 'openai', model: 'my-finetune', input: 1, output: 2 },
    ];
    backend({ 'spendSettings.get': () => ({ ...DEFAULT_SPEND_SETTINGS, priceOverrides }) });
    await fakeBrowser.storage.local.set({ lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o-mini' }] });
    renderInPage(<Chat />);
    await loaded();
    const label = (value: string) => picker().querySelector(`option[value="${value}"]`)?.textContent;
    await waitFor(() => expect(label('key:key-openai:gpt-4o-mini')).toBe('gpt-4o-mini · $100.00 / $100.00 per 1M · 128K context · vision'));
    expect(label('key:key-openai:my-finetune')).toBe('my-finetune · $1.00 / $2.00 per 1M');
    expect(label('key:key-openai:gpt-4o')).toBe('gpt-4o · $2.50 / $10.00 per 1M · 128K context · vision');
    expect(picker().value).toBe('key:key-openai:gpt-4o-mini');

    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(streams).toHaveLength(1));
    const stream = streams[0] as FakeStream;
    const usage = { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0, estimated: false };
    act(() =>
      stream.handlers.onMessage({
        type: 'done',
        answer: answer({ id: stream.requestId, conversationId: 'conv-1', text: 'Hello', answeredBy: { index: 0, provider: 'openai', model: 'gpt-4o-mini', keyId: 'key-openai' }, usage }),
      }),
    );
    const details = await screen.findByRole('group', { name: 'Answer details' });
    // 1,500 tokens at $100 per 1M: $0.15 (the catalog's $0.15 / $0.60 would make it $0.00045).
    await waitFor(() => expect(details.textContent).toContain('1,000 in · 500 out · $0.15 ·'));

    // The user changes their price in the options page: the open chat follows.
    priceOverrides = [{ provider: 'openai', model: 'gpt-4o-mini', input: 10, output: 10 }];
    await fakeBrowser.storage.local.set({ spendSettings: { ...DEFAULT_SPEND_SETTINGS, priceOverrides } });
    await waitFor(() => expect(label('key:key-openai:gpt-4o-mini')).toBe('gpt-4o-mini · $10.00 / $10.00 per 1M · 128K context · vision'));
    expect(label('key:key-openai:my-finetune')).toBe('my-finetune · price unknown');
    await waitFor(() => expect(details.textContent).toContain('1,000 in · 500 out · $0.015 ·'));
  });

  it('each surface keeps the model chosen in it last; a surface with none starts with the last one anywhere', async () => {
    backend();
    const first = renderInPage(<Chat surface="sidepanel" />);
    await waitFor(() => expect(picker().value).toBe('key:key-openai:gpt-4o'));
    fireEvent.change(picker(), { target: { value: 'key:key-openai:gpt-4o-mini' } });
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('lastTargets')).lastTargets).toEqual([{ keyId: 'key-openai', model: 'gpt-4o-mini' }]));
    first.unmount();

    const popup = renderInPage(<Chat surface="popup" />);
    await waitFor(() => expect(picker().value).toBe('key:key-openai:gpt-4o-mini'));
    await loaded();
    fireEvent.change(picker(), { target: { value: 'key:key-anthropic:claude-sonnet-4-5' } });
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('lastTargets')).lastTargets).toEqual([{ keyId: 'key-anthropic', model: 'claude-sonnet-4-5' }]));
    popup.unmount();

    renderInPage(<Chat surface="sidepanel" />);
    await loaded();
    expect(picker().value).toBe('key:key-openai:gpt-4o-mini');
  });

  it('names the key in each option when a provider has two keys, so the selection shows which one it uses', async () => {
    const personal = keyView({ id: 'key-openai-2', provider: 'openai', label: 'Personal' });
    const unnamed = [keyView({ id: 'key-a', provider: 'anthropic', label: 'Anthropic', masked: 'sk-…AAAA' }), keyView({ id: 'key-b', provider: 'anthropic', label: 'Anthropic', masked: 'sk-…BBBB' })];
    backend({
      'keys.list': () => ({ keys: [openaiKey, personal, ...unnamed] }),
      'models.list': ({ keyId }) => ({ models: keyId.startsWith('key-openai') ? [{ id: 'gpt-4o' }] : [{ id: 'claude-sonnet-4-5' }] }),
    });
    renderInPage(<Chat />);
    await loaded();
    const selectedText = () => picker().querySelector(`option[value="${picker().value}"]`)?.textContent ?? '';
    expect(picker().value).toBe('key:key-openai:gpt-4o');
    expect(selectedText()).toBe('gpt-4o · key: Work · $2.50 / $10.00 per 1M · 128K context · vision');
    fireEvent.change(picker(), { target: { value: 'key:key-openai-2:gpt-4o' } });
    expect(selectedText()).toContain('key: Personal');
    // Same label twice: the mask tells them apart, in the option and the group.
    fireEvent.change(picker(), { target: { value: 'key:key-b:claude-sonnet-4-5' } });
    expect(selectedText()).toContain('key: sk-…BBBB');
    expect(groups().map((group) => group.label)).toEqual(['OpenAI — Work', 'OpenAI — Personal', 'Anthropic — sk-…AAAA', 'Anthropic — sk-…BBBB', 'Fallback chains']);
  });
});
