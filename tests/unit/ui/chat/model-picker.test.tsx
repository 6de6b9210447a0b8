// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
import { ABSENT, UNLOCKED, installBackend, keyView, sent, type FakeHandlers } from '../fake-backend';
import { answer, createFakeHistory, installChatClient, type FakeHistory, type FakeStream } from './fakes';
import { renderInPage } from '../in-page';
import { choose, chosen, listbox, openPicker, pickerButton, searchBox, sections, shownOptions, tallPickerList } from './picker-dom';

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

let restoreLayout: () => void;
beforeEach(() => {
  restoreLayout = tallPickerList();
  return () => restoreLayout();
});

/** The groups of keys, the built-in model and chains (not Favourites or Recently used). */
const groups = () => sections().filter((section) => section.label !== 'Favourites' && section.label !== 'Recently used');
const group = (label: string) => groups().find((section) => section.label === label)?.options ?? [];
const label = (option: HTMLElement | undefined) => option?.getAttribute('title');
const disabled = (option: HTMLElement) => option.getAttribute('aria-disabled') === 'true';
const optionFor = (value: string) => shownOptions().find((option) => option.dataset['value'] === value);

/** Opens the picker and waits until no key's models are loading. */
async function loaded() {
  await waitFor(() => expect(pickerButton().disabled).toBe(false));
  await openPicker();
  await waitFor(() => {
    expect(groups().length).toBeGreaterThan(0);
    expect(shownOptions().filter((option) => option.dataset['value']?.startsWith('loading:'))).toHaveLength(0);
  });
}

function closePicker() {
  fireEvent.keyDown(searchBox(), { key: 'Escape' });
}

describe('model picker', () => {
  it('groups models by key with prices, context and vision; damaged keys are left out', async () => {
    const mock = backend();
    renderInPage(<Chat />);
    await loaded();
    expect(groups().map((section) => section.label)).toEqual([
      'OpenAI — Work',
      'Anthropic — Personal (Model list unavailable; showing known models)',
      'Ollama',
      'Fallback chains',
    ]);
    // Only keys that are not damaged are asked for their models.
    expect(sent(mock, 'models.list').map(({ keyId }) => keyId).sort()).toEqual(['key-anthropic', 'key-ollama', 'key-openai']);
    // The live list, merged with the catalog: known models first, embeddings dropped, unknown ids kept.
    expect(group('OpenAI — Work').map(label)).toEqual([
      'gpt-4o · $2.50 / $10.00 per 1M · 128K context · vision',
      'gpt-4o-mini · $0.15 / $0.60 per 1M · 128K context · vision',
      'my-finetune · price unknown',
    ]);
    // Each row shows the model, its provider, context and price apart, and the catalog's badges.
    const gpt4o = group('OpenAI — Work')[0] as HTMLElement;
    expect(gpt4o.textContent).toContain('gpt-4o');
    expect(gpt4o.textContent).toContain('OpenAI');
    expect(gpt4o.textContent).toContain('128K context · $2.50 / $10.00 per 1M');
    expect(within(gpt4o).getByText('vision')).toBeTruthy();
    expect(within(gpt4o).getByText('tools')).toBeTruthy();
    expect(within(group('OpenAI — Work')[2] as HTMLElement).queryByText('vision')).toBeNull();
    // The live list failed: the catalog's models of the provider instead.
    const anthropic = group('Anthropic — Personal (Model list unavailable; showing known models)');
    const claude = anthropic.find((option) => option.dataset['value'] === 'key:key-anthropic:claude-sonnet-4-5');
    expect(label(claude)).toBe('claude-sonnet-4-5 · $3.00 / $15.00 per 1M · 200K context · vision');
    expect(within(claude as HTMLElement).getByText('reasoning')).toBeTruthy();
    expect(anthropic.length).toBeGreaterThan(5);
    // A local server that is down and has no catalog: nothing to pick.
    expect(group('Ollama').map((option) => [label(option), disabled(option)])).toEqual([['No models found', true]]);
    expect(listbox().textContent).not.toContain('Broken one');
  });

  it('lists fallback chains, and a chain that needs an unusable key cannot be picked', async () => {
    backend();
    renderInPage(<Chat />);
    await loaded();
    expect(group('Fallback chains').map((option) => [label(option), disabled(option)])).toEqual([
      ['Fast (gpt-4o-mini → claude-3-5-haiku-latest)', false],
      ['Needs mistral (mistral-large-latest) — unavailable', true],
    ]);
    fireEvent.click(optionFor('chain:chain-dead') as HTMLElement);
    expect(chosen()).not.toBe('chain:chain-dead');
    expect(searchBox()).toBeTruthy();
    fireEvent.click(optionFor('chain:chain-fast') as HTMLElement);
    expect(chosen()).toBe('chain:chain-fast');
    expect(pickerButton().getAttribute('aria-label')).toBe('Model: Fast Fallback chain: gpt-4o-mini → claude-3-5-haiku-latest');
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
    expect(optionFor('builtin:gemini-nano')).toBeUndefined();
    unmount();

    vi.mocked(isBuiltInModelAvailable).mockResolvedValue(true);
    renderInPage(<Chat />);
    await loaded();
    await waitFor(() => expect(optionFor('builtin:gemini-nano')).toBeTruthy());
    const builtIn = group('Chrome built-in (on this device)');
    expect(builtIn.map(label)).toEqual(['Gemini Nano · free · on device']);
    expect(within(builtIn[0] as HTMLElement).getByText('on device')).toBeTruthy();
    expect(within(builtIn[0] as HTMLElement).getByText('free')).toBeTruthy();
  });

  it('remembers the last choice in storage.local and per conversation', async () => {
    await fakeBrowser.storage.local.set({ lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o-mini' }] });
    backend();
    renderInPage(<Chat />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o-mini'));
    await choose('key:key-anthropic:claude-sonnet-4-5');
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
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o-mini'));
  });

  it('uses the first usable model when nothing was remembered, and caches model lists for the page', async () => {
    const mock = backend();
    const { unmount } = renderInPage(<Chat />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
    unmount();
    renderInPage(<Chat />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
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
    const labelOf = (value: string) => label(group('OpenAI — Work').find((option) => option.dataset['value'] === value));
    await waitFor(() => expect(labelOf('key:key-openai:gpt-4o-mini')).toBe('gpt-4o-mini · $100.00 / $100.00 per 1M · 128K context · vision'));
    expect(labelOf('key:key-openai:my-finetune')).toBe('my-finetune · $1.00 / $2.00 per 1M');
    expect(labelOf('key:key-openai:gpt-4o')).toBe('gpt-4o · $2.50 / $10.00 per 1M · 128K context · vision');
    expect(chosen()).toBe('key:key-openai:gpt-4o-mini');
    closePicker();

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
    await openPicker();
    await waitFor(() => expect(labelOf('key:key-openai:gpt-4o-mini')).toBe('gpt-4o-mini · $10.00 / $10.00 per 1M · 128K context · vision'));
    expect(labelOf('key:key-openai:my-finetune')).toBe('my-finetune · price unknown');
    await waitFor(() => expect(details.textContent).toContain('1,000 in · 500 out · $0.015 ·'));
  });

  it('each surface keeps the model chosen in it last; a surface with none starts with the last one anywhere', async () => {
    backend();
    const first = renderInPage(<Chat surface="sidepanel" />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
    await choose('key:key-openai:gpt-4o-mini');
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('lastTargets')).lastTargets).toEqual([{ keyId: 'key-openai', model: 'gpt-4o-mini' }]));
    first.unmount();

    const popup = renderInPage(<Chat surface="popup" />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o-mini'));
    await loaded();
    await choose('key:key-anthropic:claude-sonnet-4-5');
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('lastTargets')).lastTargets).toEqual([{ keyId: 'key-anthropic', model: 'claude-sonnet-4-5' }]));
    popup.unmount();

    renderInPage(<Chat surface="sidepanel" />);
    await loaded();
    expect(chosen()).toBe('key:key-openai:gpt-4o-mini');
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
    const selectedText = () => pickerButton().title;
    expect(chosen()).toBe('key:key-openai:gpt-4o');
    expect(selectedText()).toBe('gpt-4o · key: Work · $2.50 / $10.00 per 1M · 128K context · vision');
    expect(pickerButton().getAttribute('aria-label')).toBe('Model: gpt-4o OpenAI · key: Work');
    await choose('key:key-openai-2:gpt-4o');
    expect(selectedText()).toContain('key: Personal');
    // Same label twice: the mask tells them apart, in the option and the group.
    await choose('key:key-b:claude-sonnet-4-5');
    expect(selectedText()).toContain('key: sk-…BBBB');
    await openPicker();
    expect(groups().map((section) => section.label)).toEqual(['OpenAI — Work', 'OpenAI — Personal', 'Anthropic — sk-…AAAA', 'Anthropic — sk-…BBBB', 'Fallback chains']);
  });
});

describe('model picker: search', () => {
  it('filters by name, provider and family, every word counting; nothing found says so', async () => {
    backend();
    renderInPage(<Chat />);
    await loaded();
    const values = () => shownOptions().map((option) => option.dataset['value']);
    fireEvent.change(searchBox(), { target: { value: 'mini' } });
    expect(values()).toEqual(['key:key-openai:gpt-4o-mini', 'chain:chain-fast']);
    // By provider: every model of the key, and no status line.
    fireEvent.change(searchBox(), { target: { value: 'openai' } });
    expect(values()).toEqual(['key:key-openai:gpt-4o', 'key:key-openai:gpt-4o-mini', 'key:key-openai:my-finetune']);
    // By family, spelled with spaces or dots where the id has dashes.
    fireEvent.change(searchBox(), { target: { value: 'claude 3.5 haiku' } });
    expect(values().length).toBeGreaterThan(0);
    expect(values().every((value) => value === 'chain:chain-fast' || /claude-3[-.]5-haiku/.test(value ?? ''))).toBe(true);
    fireEvent.change(searchBox(), { target: { value: 'anthropic sonnet' } });
    expect(values().length).toBeGreaterThan(1);
    expect(values().every((value) => value?.startsWith('key:key-anthropic:') && value.includes('sonnet'))).toBe(true);
    fireEvent.change(searchBox(), { target: { value: 'no such model' } });
    expect(shownOptions()).toHaveLength(0);
    expect(screen.getByText('No model matches “no such model”')).toBeTruthy();
  });
});

describe('model picker: keyboard and ARIA', () => {
  it('is an ARIA combobox: arrows, Home/End, PageUp/Down move the active option; Enter picks; Escape closes and gives focus back', async () => {
    backend();
    renderInPage(<Chat />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
    await loaded();
    closePicker();
    expect(document.activeElement).toBe(pickerButton());
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(pickerButton().getAttribute('aria-expanded')).toBe('false');

    // ArrowDown on the button opens it, with the focus in the search box.
    fireEvent.keyDown(pickerButton(), { key: 'ArrowDown' });
    const box = await screen.findByRole('combobox', { name: 'Search models' });
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(box.getAttribute('aria-controls')).toBe(listbox().id);
    expect(pickerButton().getAttribute('aria-expanded')).toBe('true');
    const activeValue = () => {
      const id = box.getAttribute('aria-activedescendant');
      const active = id ? document.getElementById(id) : null;
      expect(active?.getAttribute('aria-selected')).toBe('true');
      return active?.dataset['value'];
    };
    await waitFor(() => expect(activeValue()).toBe('key:key-openai:gpt-4o'));
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(activeValue()).toBe('key:key-openai:gpt-4o-mini');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(activeValue()).toBe('key:key-openai:gpt-4o');
    fireEvent.keyDown(box, { key: 'End' });
    expect(activeValue()).toBe('chain:chain-dead');
    fireEvent.keyDown(box, { key: 'Home' });
    expect(activeValue()).toBe('key:key-openai:gpt-4o');
    fireEvent.keyDown(box, { key: 'PageDown' });
    const paged = activeValue();
    expect(shownOptions().findIndex((option) => option.dataset['value'] === paged)).toBe(8);
    fireEvent.keyDown(box, { key: 'PageUp' });
    expect(activeValue()).toBe('key:key-openai:gpt-4o');

    // Typing narrows the list and makes its first usable option the active one; Enter picks it.
    fireEvent.change(box, { target: { value: 'mini' } });
    expect(activeValue()).toBe('key:key-openai:gpt-4o-mini');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(chosen()).toBe('key:key-openai:gpt-4o-mini');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(document.activeElement).toBe(pickerButton());

    // Escape leaves the choice as it was.
    fireEvent.click(pickerButton());
    const again = await screen.findByRole('combobox', { name: 'Search models' });
    fireEvent.keyDown(again, { key: 'ArrowDown' });
    fireEvent.keyDown(again, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(chosen()).toBe('key:key-openai:gpt-4o-mini');
    expect(document.activeElement).toBe(pickerButton());
  });

  it('Enter on an option that cannot be used does nothing', async () => {
    backend();
    renderInPage(<Chat />);
    await loaded();
    fireEvent.keyDown(searchBox(), { key: 'End' });
    fireEvent.keyDown(searchBox(), { key: 'Enter' });
    expect(chosen()).toBe('key:key-openai:gpt-4o');
    expect(screen.getByRole('listbox')).toBeTruthy();
  });
});

describe('model picker: favourites and recently used', () => {
  it('a star puts the model under Favourites at the top, kept in storage for the next page; Ctrl+S toggles the active one', async () => {
    backend();
    const first = renderInPage(<Chat />);
    await loaded();
    const row = optionFor('key:key-openai:gpt-4o-mini') as HTMLElement;
    fireEvent.click(within(row).getByTitle('Add gpt-4o-mini to favourites'));
    // Starring does not pick the model.
    expect(chosen()).toBe('key:key-openai:gpt-4o');
    await waitFor(() => expect(sections()[0]?.label).toBe('Favourites'));
    expect(sections()[0]?.options.map((option) => option.dataset['value'])).toEqual(['key:key-openai:gpt-4o-mini']);
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('modelFavourites')).modelFavourites).toEqual(['key:key-openai:gpt-4o-mini']));
    first.unmount();

    // Another page: the favourite is still there; Ctrl+S on it takes it away again.
    renderInPage(<Chat />);
    await loaded();
    await waitFor(() => expect(sections()[0]?.label).toBe('Favourites'));
    fireEvent.keyDown(searchBox(), { key: 'Home' });
    fireEvent.keyDown(searchBox(), { key: 's', ctrlKey: true });
    await waitFor(() => expect(sections()[0]?.label).not.toBe('Favourites'));
    expect((await fakeBrowser.storage.local.get('modelFavourites')).modelFavourites).toEqual([]);
  });

  it('shows the models chosen last under Recently used, newest first', async () => {
    backend();
    const first = renderInPage(<Chat />);
    await loaded();
    expect(sections().map((section) => section.label)).not.toContain('Recently used');
    closePicker();
    await choose('key:key-openai:gpt-4o-mini');
    await choose('key:key-anthropic:claude-sonnet-4-5');
    await waitFor(async () => expect((await fakeBrowser.storage.local.get('recentTargets')).recentTargets).toHaveLength(2));
    first.unmount();

    renderInPage(<Chat />);
    await loaded();
    await waitFor(() => expect(sections()[0]?.label).toBe('Recently used'));
    expect(sections()[0]?.options.map((option) => option.dataset['value'])).toEqual(['key:key-anthropic:claude-sonnet-4-5', 'key:key-openai:gpt-4o-mini']);
  });
});

describe('model picker: without keys', () => {
  it('with no usable key the button says to add one and opens the options page; it never stays on "Loading models…"', async () => {
    const openOptionsPage = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    backend({ 'keys.list': () => ({ keys: [damagedKey] }) });
    renderInPage(<Chat />);
    await waitFor(() => expect(pickerButton().getAttribute('aria-label')).toBe('Model: Add a key to choose a model'));
    expect(pickerButton().hasAttribute('aria-haspopup')).toBe(false);
    fireEvent.click(pickerButton());
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('with no vault at all, the same', async () => {
    const openOptionsPage = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    backend({ 'vault.status': () => ABSENT });
    renderInPage(<Chat />);
    await waitFor(() => expect(pickerButton().textContent).toBe('Add a key to choose a model'));
    fireEvent.click(pickerButton());
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
  });
});
