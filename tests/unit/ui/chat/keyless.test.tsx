// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { openHistory, type HistoryStore } from '@/src/history';
import { send } from '@/src/messaging/client';
import { isBuiltInModelAvailable } from '@/src/providers/chrome-built-in';
import { listStoredModels } from '@/src/local-model/store';
import { Chat } from '@/src/ui/chat/Chat';
import { clearModelCache } from '@/src/ui/chat/model-source';
import { clearPrices } from '@/src/ui/chat/prices';
import { ABSENT, installBackend } from '../fake-backend';
import { createFakeHistory, installChatClient, type FakeHistory, type FakeStream } from './fakes';
import { renderInPage } from '../in-page';

/**
 * Keyless onboarding (issue 17): with no vault and no key, the chat offers what needs none,
 * Chrome's built-in model and models downloaded into the browser, and sends with them at once.
 */
vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));
vi.mock('@/src/providers/chrome-built-in', () => ({ isBuiltInModelAvailable: vi.fn(async () => false) }));
vi.mock('@/src/local-model/store', () => ({ listStoredModels: vi.fn(async () => []) }));

let fakeHistory: FakeHistory;
let streams: FakeStream[];
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

const TINY = 'keyward-test/tiny-chat';
const downloaded = { id: TINY, bytes: 300_000, manifest: { id: TINY, dtype: 'q4' as const, files: [], downloadedAt: 1 } };
const unfinished = { id: 'onnx-community/Qwen2.5-0.5B-Instruct', bytes: 1000 };

beforeEach(() => {
  fakeHistory = createFakeHistory();
  streams = installChatClient(startChat, attachChat);
  clearModelCache();
  clearPrices();
  installBackend(send, { 'vault.status': () => ABSENT });
  vi.mocked(isBuiltInModelAvailable).mockResolvedValue(false);
  vi.mocked(listStoredModels).mockResolvedValue([]);
});

const emptyState = () => screen.getByRole('region', { name: 'Add a key' });
const composer = () => screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;

describe('keyless onboarding', () => {
  it('offers a downloaded in-browser model beside Add a key, and sends with it, keyless, with no vault', async () => {
    vi.mocked(listStoredModels).mockResolvedValue([downloaded, unfinished]);
    renderInPage(<Chat />);
    await waitFor(() => expect(within(emptyState()).getByRole('button', { name: 'tiny-chat' })).toBeTruthy());
    // Only the complete download is offered, and the page where more are downloaded.
    expect(within(emptyState()).queryByRole('button', { name: /Qwen/ })).toBeNull();
    expect(within(emptyState()).getByRole('button', { name: 'Download a model to run in the browser' })).toBeTruthy();
    expect(within(emptyState()).getByRole('button', { name: 'Add a key' })).toBeTruthy();

    fireEvent.click(within(emptyState()).getByRole('button', { name: 'tiny-chat' }));
    fireEvent.change(composer(), { target: { value: 'Hello' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]?.request?.targets).toEqual([{ keyId: null, model: TINY }]);
  });

  it('offers Chrome’s built-in model where it is present', async () => {
    vi.mocked(isBuiltInModelAvailable).mockResolvedValue(true);
    renderInPage(<Chat />);
    await waitFor(() => expect(within(emptyState()).getByRole('button', { name: 'Use Chrome’s built-in AI' })).toBeTruthy());
    fireEvent.click(within(emptyState()).getByRole('button', { name: 'Use Chrome’s built-in AI' }));
    fireEvent.change(composer(), { target: { value: 'Hello' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]?.request?.targets).toEqual([{ keyId: null, model: 'gemini-nano' }]);
  });

  it('with nothing keyless yet, only the way to one', async () => {
    renderInPage(<Chat />);
    await waitFor(() => expect(within(emptyState()).getByRole('button', { name: 'Download a model to run in the browser' })).toBeTruthy());
    expect(within(emptyState()).getAllByRole('button').map((button) => button.textContent)).toEqual(['Add a key', 'Download a model to run in the browser']);
  });
});
