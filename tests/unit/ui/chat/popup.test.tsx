// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { openHistory, type HistoryStore } from '@/src/history';
import { send } from '@/src/messaging/client';
import { clearModelCache } from '@/src/ui/chat/model-source';
import { PopupApp } from '@/src/ui/popup/PopupApp';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { LOCKED, UNLOCKED, installBackend, keyView } from '../fake-backend';
import { answer, createFakeHistory, installChatClient, type FakeHistory } from './fakes';
import { choose, chosen, pickerButton } from './picker-dom';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));

let fakeHistory: FakeHistory;
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

function backend() {
  installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys: [keyView({ id: 'key-openai', provider: 'openai' })] }),
    'settings.get': () => ({ autoLock: 15, requestsPerMinutePerKey: 0, fallbackChains: [] }),
    'models.list': () => ({ models: [{ id: 'gpt-4o' }] }),
  });
}

beforeEach(() => {
  fakeHistory = createFakeHistory();
  installChatClient(startChat, attachChat);
  clearModelCache();
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 7 } as never);
});

afterEach(() => {
  Reflect.deleteProperty(fakeBrowser, 'sidePanel');
  Reflect.deleteProperty(fakeBrowser, 'sidebarAction');
});

describe('popup', () => {
  it('paints the message box before the background has answered anything', () => {
    vi.mocked(send).mockReset().mockImplementation(() => new Promise(() => undefined));
    fakeHistory.store.lastConversation.mockImplementation(() => new Promise(() => undefined));
    render(<PopupApp />);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    expect(pickerButton()).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New chat' })).toBeTruthy();
  });

  it('continues a recent last conversation, re-attaching to an answer still streaming', async () => {
    backend();
    fakeHistory.seed({
      id: 'conv-recent',
      updatedAt: Date.now() - 60_000,
      messages: [
        { id: 'q', conversationId: 'conv-recent', role: 'user', text: 'Write a poem', startedAt: 1 },
        answer({ id: 'a-streaming', conversationId: 'conv-recent', status: 'streaming', text: 'Roses are', startedAt: 2 }),
      ],
    });
    render(<PopupApp />);
    expect(await screen.findByText('Write a poem')).toBeTruthy();
    await waitFor(() => expect(attachChat).toHaveBeenCalledWith('a-streaming', expect.anything()));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
  });

  it('starts a new chat when the last conversation is old', async () => {
    backend();
    fakeHistory.seed({
      id: 'conv-old',
      updatedAt: Date.now() - 3 * 3600_000,
      messages: [{ id: 'q', conversationId: 'conv-old', role: 'user', text: 'Ancient question', startedAt: 1 }],
    });
    render(<PopupApp />);
    await waitFor(() => expect(fakeHistory.store.lastConversation).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fakeHistory.store.getConversation).not.toHaveBeenCalled();
    expect(screen.queryByText('Ancient question')).toBeNull();
  });

  it('lists recent chats newest first and opens one', async () => {
    backend();
    fakeHistory.seed({ id: 'c-old', title: 'Older chat', updatedAt: Date.now() - 5 * 3600_000 });
    fakeHistory.seed({
      id: 'c-new',
      title: 'Newer chat',
      updatedAt: Date.now() - 4 * 3600_000,
      messages: [{ id: 'q', conversationId: 'c-new', role: 'user', text: 'Hello from the newer chat', startedAt: 1 }],
    });
    render(<PopupApp />);
    fireEvent.click(screen.getByRole('button', { name: 'Recent chats' }));
    const list = await screen.findByRole('region', { name: 'Recent chats' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('button').map((button) => button.querySelector('.title')?.textContent)).toEqual(['Newer chat', 'Older chat']);
    fireEvent.click(within(list).getByRole('button', { name: /Newer chat/ }));
    expect(await screen.findByText('Hello from the newer chat')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Recent chats' })).toBeNull();
  });

  it('opens the options page and the Chrome side panel for this window', async () => {
    backend();
    const openOptionsPage = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const open = vi.fn(async (_options: { windowId: number }) => undefined);
    Reflect.set(fakeBrowser, 'sidePanel', { open });
    const close = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    render(<PopupApp />);
    fireEvent.click(screen.getByRole('button', { name: 'Settings and keys' }));
    expect(openOptionsPage).toHaveBeenCalled();
    await waitFor(() => expect(fakeBrowser.windows.getCurrent).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 0));
    fireEvent.click(screen.getByRole('button', { name: 'Open the side panel' }));
    // Called straight from the click, with the window fetched ahead of time.
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
    await waitFor(() => expect(close).toHaveBeenCalled());
  });

  it("opens Firefox's sidebar where there is no side panel API", async () => {
    backend();
    const open = vi.fn(async () => undefined);
    Reflect.set(fakeBrowser, 'sidebarAction', { open });
    vi.spyOn(window, 'close').mockImplementation(() => undefined);
    render(<PopupApp />);
    fireEvent.click(screen.getByRole('button', { name: 'Open the side panel' }));
    expect(open).toHaveBeenCalled();
  });

  it('has no side panel button where neither API exists', () => {
    backend();
    render(<PopupApp />);
    expect(screen.queryByRole('button', { name: 'Open the side panel' })).toBeNull();
  });

  it('New chat and reopening keep the model (and key) chosen last instead of the one shown at opening', async () => {
    installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [keyView({ id: 'key-openai', provider: 'openai' }), keyView({ id: 'key-anthropic', provider: 'anthropic' })] }),
      'settings.get': () => ({ autoLock: 15, requestsPerMinutePerKey: 0, fallbackChains: [] }),
      'models.list': ({ keyId }) => ({ models: [{ id: keyId === 'key-openai' ? 'gpt-4o' : 'claude-sonnet-4-5' }] }),
    });
    await fakeBrowser.storage.local.set({ lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o' }] });
    fakeHistory.seed({
      id: 'conv-recent',
      updatedAt: Date.now() - 60_000,
      lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o' }],
      messages: [{ id: 'q', conversationId: 'conv-recent', role: 'user', text: 'A question for OpenAI', startedAt: 1 }],
    });
    const first = render(<PopupApp />);
    expect(await screen.findByText('A question for OpenAI')).toBeTruthy();
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
    await choose('key:key-anthropic:claude-sonnet-4-5');
    fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    await waitFor(() => expect(screen.queryByText('A question for OpenAI')).toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chosen()).toBe('key:key-anthropic:claude-sonnet-4-5');
    first.unmount();

    // Reopened: the conversation comes back with the model chosen in it, and a new chat keeps it.
    render(<PopupApp />);
    expect(await screen.findByText('A question for OpenAI')).toBeTruthy();
    await waitFor(() => expect(chosen()).toBe('key:key-anthropic:claude-sonnet-4-5'));
    fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    await waitFor(() => expect(screen.queryByText('A question for OpenAI')).toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chosen()).toBe('key:key-anthropic:claude-sonnet-4-5');
  });

  it('the header shows the lock state and locks the vault; then the unlock form is above the message box, and unlocking brings the models back', async () => {
    let status: VaultStatus = UNLOCKED;
    installBackend(send, {
      'vault.status': () => status,
      'vault.lock': () => (status = LOCKED),
      'vault.unlock': () => (status = UNLOCKED),
      'keys.list': () => {
        if (status.state !== 'unlocked') throw new AppError('VAULT_LOCKED', 'The vault is locked.');
        return { keys: [keyView({ id: 'key-openai', provider: 'openai' })] };
      },
      'settings.get': () => ({ autoLock: 15, requestsPerMinutePerKey: 0, fallbackChains: [] }),
      'models.list': () => ({ models: [{ id: 'gpt-4o' }] }),
    });
    fakeHistory.seed({
      id: 'conv-recent',
      updatedAt: Date.now() - 60_000,
      messages: [{ id: 'q', conversationId: 'conv-recent', role: 'user', text: 'Earlier question', startedAt: 1 }],
    });
    render(<PopupApp />);
    const header = screen.getByRole('banner');
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
    const state = within(header).getByRole('group', { name: 'Vault' });
    expect(state.textContent).toContain('Unlocked');

    fireEvent.click(within(state).getByRole('button', { name: 'Lock the vault now' }));
    await waitFor(() => expect(within(header).getByRole('group', { name: 'Vault' }).textContent).toContain('Locked'));
    expect(within(header).queryByRole('button', { name: 'Lock the vault now' })).toBeNull();
    const form = await screen.findByRole('form', { name: 'Unlock the vault' });
    expect(screen.getByRole('region', { name: 'Messages' }).contains(form)).toBe(false);
    expect(form.compareDocumentPosition(screen.getByRole('textbox', { name: 'Message' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByText('Earlier question')).toBeTruthy();
    expect(pickerButton().textContent).toBe('Locked: unlock to choose a model');

    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'violet tundra marimba quokka' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
    expect(within(header).getByRole('group', { name: 'Vault' }).textContent).toContain('Unlocked');
  });
});
