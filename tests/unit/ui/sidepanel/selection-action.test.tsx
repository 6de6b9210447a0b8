// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { attachChat, startChat } from '@/src/chat/chat-client';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { openHistory, type HistoryStore } from '@/src/history';
import { send } from '@/src/messaging/client';
import { selectionInstruction } from '@/src/page/selection-prompts';
import { Chat } from '@/src/ui/chat/Chat';
import { clearModelCache } from '@/src/ui/chat/model-source';
import type { ChatStartRequest } from '@/src/ui/chat/types';
import { selectionRequest, selectionTitle, type SelectionRun } from '@/src/ui/sidepanel/run-selection-action';
import { UNLOCKED, installBackend, keyView } from '../fake-backend';
import { renderInPage } from '../in-page';
import { installDomFixes } from '../chat/dom-fixes';
import { chosen } from '../chat/picker-dom';
import { createFakeHistory, installChatClient, type FakeHistory, type FakeStream } from '../chat/fakes';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));

installDomFixes();

let fakeHistory: FakeHistory;
let streams: FakeStream[];
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

const targets = [{ keyId: 'key-openai', model: 'gpt-4o' }];
const page = { kind: 'selection', title: 'Cell biology — Wikipedia', url: 'https://en.wikipedia.org/wiki/Cell' } as const;

beforeEach(async () => {
  fakeHistory = createFakeHistory();
  streams = installChatClient(startChat, attachChat);
  clearModelCache();
  installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys: [keyView({ id: 'key-openai', provider: 'openai', label: 'Work' })] }),
    'settings.get': () => ({ autoLock: 15, requestsPerMinutePerKey: 0, fallbackChains: [] }),
    'models.list': () => ({ models: [{ id: 'gpt-4o' }] }),
  });
  await fakeBrowser.storage.local.set({ lastTargets: targets });
});

const composer = () => screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;

function emit(stream: FakeStream | undefined, message: ServerMessage) {
  act(() => stream?.handlers.onMessage(message));
}

function run(overrides: Partial<SelectionRun> = {}): SelectionRun {
  return { text: selectionInstruction('explain', { languageName: 'English' }), label: 'Explain', context: { ...page, text: 'the **mitochondria**' }, targets, ...overrides };
}

const estimate = {
  inputTokens: 120_000,
  outputTokens: 1_000,
  costUsd: 0.31,
  large: true,
  level: 'ok' as const,
  notices: [],
};

describe('selection actions start answers the way typed questions do', () => {
  it('a selection action asks for the cost confirmation exactly like a typed question', async () => {
    const onStarted = vi.fn();
    const view = renderInPage(<Chat surface="sidepanel" />);
    await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));

    // A typed question first: how it starts and how it is asked about.
    fireEvent.change(composer(), { target: { value: 'typed question' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(streams).toHaveLength(1));
    const typed = streams[0];
    emit(typed, { type: 'confirm', estimate });
    fireEvent.click(within(await screen.findByRole('alertdialog', { name: 'Cost of this request' })).getByRole('button', { name: 'Send anyway' }));
    expect(typed?.session.confirm).toHaveBeenCalledTimes(1);

    // Then the selection action, while that answer still streams.
    const request: ChatStartRequest = selectionRequest(run(), onStarted);
    view.rerender(<Chat surface="sidepanel" request={request} />);
    await waitFor(() => expect(streams).toHaveLength(2));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(true));
    const selection = streams[1];
    // One port per answer, the same start: the same fields, the same cost confirmation asked for.
    expect(Object.keys(selection?.request ?? {}).sort()).toEqual(Object.keys(typed?.request ?? {}).sort());
    expect(selection?.request).toMatchObject({ confirmCost: true, targets });
    expect(selection?.request?.conversationId).not.toBe(typed?.request?.conversationId);
    // The answer shown before stays with the background (it keeps streaming and saving it).
    expect(typed?.session.close).toHaveBeenCalled();
    expect(typed?.session.cancel).not.toHaveBeenCalled();

    expect(screen.queryByRole('alertdialog')).toBeNull();
    emit(selection, { type: 'confirm', estimate });
    const dialog = await screen.findByRole('alertdialog', { name: 'Cost of this request' });
    expect(dialog.textContent).toContain('about 120,000 tokens in and up to 1,000 out, about $0.31.');
    expect(selection?.session.confirm).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(selection?.session.cancel).toHaveBeenCalledTimes(1);
    expect(selection?.session.confirm).not.toHaveBeenCalled();

    // The same request object again (a re-render) does not start it twice.
    view.rerender(<Chat surface="sidepanel" request={request} />);
    expect(streams).toHaveLength(2);
  });

  it('the conversation is titled by the action and saved beside the request, with the selection attached', async () => {
    const view = renderInPage(<Chat surface="sidepanel" />);
    const explained = run();
    view.rerender(<Chat surface="sidepanel" request={selectionRequest(explained, () => undefined)} />);
    await waitFor(() => expect(streams).toHaveLength(1));
    const conversationId = streams[0]?.request?.conversationId ?? '';
    await waitFor(() => expect(fakeHistory.store.addUserMessage).toHaveBeenCalled());
    expect(fakeHistory.store.createConversation).toHaveBeenCalledWith({ id: conversationId, title: 'Explain: the mitochondria' });
    expect(fakeHistory.store.addUserMessage).toHaveBeenCalledWith(conversationId, { id: expect.any(String), startedAt: expect.any(Number), text: explained.text, context: explained.context });
    const content = streams[0]?.request?.messages.at(-1)?.content ?? '';
    expect(content.startsWith(explained.text)).toBe(true);
    expect(content).toContain('the **mitochondria**');
  });
});

describe('selection-action titles', () => {
  it('are titled by the action and the selected text, or the page when the selection is long', () => {
    expect(selectionTitle('Explain', { ...page, text: 'the **mitochondria**' })).toBe('Explain: the mitochondria');
    const paragraph = 'Cells are the basic structural and functional units of life. '.repeat(5);
    expect(selectionTitle('Translate', { ...page, text: paragraph })).toBe('Translate: Cell biology — Wikipedia');
  });
});
