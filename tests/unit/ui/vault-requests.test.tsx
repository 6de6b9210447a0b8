// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { openHistory, type HistoryStore } from '@/src/history';
import { send } from '@/src/messaging/client';
import { clearModelCache } from '@/src/ui/chat/model-source';
import { SidePanelApp } from '@/src/ui/sidepanel/SidePanelApp';
import { PopupApp } from '@/src/ui/popup/PopupApp';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { DEFAULT_SPEND_SETTINGS } from '@/src/settings/settings-store';
import { LOCKED, UNLOCKED, installBackend, keyView, sent } from './fake-backend';
import { createFakeHistory, installChatClient, type FakeHistory } from './chat/fakes';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));

let fakeHistory: FakeHistory;
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

function backend() {
  let status = UNLOCKED;
  return installBackend(send, {
    'vault.status': () => status,
    'vault.lock': () => (status = LOCKED),
    'vault.unlock': () => (status = UNLOCKED),
    'keys.list': () => ({ keys: [keyView({ id: 'key-openai', provider: 'openai' })] }),
    'settings.get': () => ({ autoLock: 15, requestsPerMinutePerKey: 0, fallbackChains: [] }),
    'models.list': () => ({ models: [{ id: 'gpt-4o' }] }),
    'page.takePendingAction': () => null,
    'spendSettings.get': () => DEFAULT_SPEND_SETTINGS,
    'budget.status': () => ({ caps: [] }),
  });
}

beforeEach(() => {
  fakeHistory = createFakeHistory();
  installChatClient(startChat, attachChat);
  clearModelCache();
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 7 } as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([] as never);
});

/**
 * One owner of the vault's state per page: however many parts of a page show the lock state, the
 * key list or the model picker, the page asks the background once for each when it opens.
 */
describe('the vault state of a page is fetched once', () => {
  it.each([
    ['side panel', () => <SidePanelApp />],
    ['popup', () => <PopupApp />],
  ])('%s: one vault.status and one keys.list on open (StrictMode, as the pages mount)', async (_name, app) => {
    const mock = backend();
    render(<StrictMode>{app()}</StrictMode>);
    await screen.findByRole('button', { name: /^Model: gpt-4o/ });
    // Let every effect and late answer settle before counting.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(sent(mock, 'vault.status')).toHaveLength(1);
    expect(sent(mock, 'keys.list')).toHaveLength(1);
  });

  it('side panel: Lock drops the key list everywhere on the page; unlocking lists the keys once again', async () => {
    const mock = backend();
    render(<SidePanelApp />);
    await screen.findByRole('button', { name: /^Model: gpt-4o/ });
    fireEvent.click(screen.getByRole('button', { name: 'Lock the vault now' }));
    const passphrase = await screen.findByLabelText('Passphrase');
    expect(screen.queryByRole('button', { name: /^Model: gpt-4o/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Model: Locked: unlock to choose a model' })).toBeTruthy();
    fireEvent.change(passphrase, { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('button', { name: /^Model: gpt-4o/ });
    await waitFor(() => expect(screen.getByText('Unlocked')).toBeTruthy());
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(sent(mock, 'vault.status')).toHaveLength(1);
    expect(sent(mock, 'keys.list')).toHaveLength(2);
  });

  it('options: the Keys, Fallbacks and Budgets tabs share one key list, listed once (StrictMode)', async () => {
    const mock = backend();
    mock.mockImplementation(async (type) => {
      if (type === 'keys.list') return { keys: [keyView({ id: 'key-openai', label: 'Work', provider: 'openai' })] };
      return ({ 'vault.status': UNLOCKED, 'settings.get': { autoLock: 15, requestsPerMinutePerKey: 0, fallbackChains: [] }, 'spendSettings.get': DEFAULT_SPEND_SETTINGS, 'budget.status': { caps: [] } } as Record<string, unknown>)[type];
    });
    render(
      <StrictMode>
        <OptionsApp />
      </StrictMode>,
    );
    await screen.findByRole('listitem', { name: 'Work' });
    fireEvent.click(screen.getByRole('tab', { name: 'Fallbacks and limits' }));
    await screen.findByRole('heading', { name: 'Fallback chains' });
    fireEvent.click(screen.getByRole('tab', { name: 'Budgets' }));
    fireEvent.change(await screen.findByLabelText('Applies to'), { target: { value: 'key' } });
    expect((await screen.findByLabelText('Key')).textContent).toContain('Work');
    fireEvent.click(screen.getByRole('tab', { name: 'Keys' }));
    await screen.findByRole('listitem', { name: 'Work' });
    expect(sent(mock, 'vault.status')).toHaveLength(1);
    expect(sent(mock, 'keys.list')).toHaveLength(1);
  });
});
