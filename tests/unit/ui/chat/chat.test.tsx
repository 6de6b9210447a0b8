// @vitest-environment happy-dom
import { phrase } from '@/src/shared/i18n/text';
import { StrictMode } from 'react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { CONTINUE_INSTRUCTION } from '@/src/chat/continuation';
import { openHistory, type HistoryStore } from '@/src/history';
import { send } from '@/src/messaging/client';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { Chat } from '@/src/ui/chat/Chat';
import { clearModelCache } from '@/src/ui/chat/model-source';
import { LOCKED, UNLOCKED, ABSENT, installBackend, keyView, sent, type FakeHandlers } from '../fake-backend';
import { installDomFixes } from './dom-fixes';
import { answer, createFakeHistory, installChatClient, type FakeHistory, type FakeStream } from './fakes';
import { renderInPage } from '../in-page';
import { chosen, openPicker, pickerButton, sections, tallPickerList } from './picker-dom';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));

installDomFixes();

let fakeHistory: FakeHistory;
let streams: FakeStream[];

// The chat opens the history once per page; the proxy lets every test bring a fresh store.
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

const openaiKey = keyView({ id: 'key-openai', provider: 'openai', label: 'Work' });
const anthropicKey = keyView({ id: 'key-anthropic', provider: 'anthropic', label: 'Personal' });
const damagedKey = keyView({ id: 'key-damaged', provider: 'mistral', label: 'Broken one', damaged: true });

function backend(overrides: FakeHandlers = {}) {
  return installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys: [openaiKey, anthropicKey, damagedKey] }),
    'settings.get': () => ({
      autoLock: 15,
      requestsPerMinutePerKey: 0,
      fallbackChains: [
        { id: 'chain-fast', name: 'Fast', targets: [{ keyId: 'key-openai', model: 'gpt-4o-mini' }, { keyId: 'key-anthropic', model: 'claude-3-5-haiku-latest' }] },
        { id: 'chain-dead', name: 'Needs mistral', targets: [{ keyId: 'key-damaged', model: 'mistral-large-latest' }] },
      ],
    }),
    'models.list': ({ keyId }) => {
      if (keyId === 'key-openai') return { models: [{ id: 'gpt-4o' }, { id: 'gpt-4o-mini' }, { id: 'text-embedding-3-small' }, { id: 'my-finetune' }] };
      throw new AppError('PROVIDER_ERROR', 'Anthropic could not be reached.');
    },
    ...overrides,
  });
}

beforeEach(async () => {
  fakeHistory = createFakeHistory();
  streams = installChatClient(startChat, attachChat);
  clearModelCache();
  await fakeBrowser.storage.local.set({ lastTargets: [{ keyId: 'key-openai', model: 'gpt-4o' }] });
});

const composer = () => screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;

async function ready() {
  await waitFor(() => expect(chosen()).toBe('key:key-openai:gpt-4o'));
}

async function type(text: string) {
  fireEvent.change(composer(), { target: { value: text } });
  fireEvent.keyDown(composer(), { key: 'Enter' });
  await waitFor(() => expect(streams.length).toBeGreaterThan(0));
}

function last(): FakeStream {
  const stream = streams[streams.length - 1];
  if (!stream) throw new Error('no stream');
  return stream;
}

function emit(stream: FakeStream, message: Parameters<FakeStream['handlers']['onMessage']>[0]) {
  act(() => stream.handlers.onMessage(message));
}

describe('sending and streaming', () => {
  it('sends with the chosen model, streams deltas into the answer and shows its details when done', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('What is **2+2**?');

    const stream = last();
    expect(stream.request?.targets).toEqual([{ keyId: 'key-openai', model: 'gpt-4o' }]);
    expect(stream.request?.messages).toEqual([{ role: 'user', content: 'What is **2+2**?' }]);
    // The page made the conversation's id, and saved the question under it beside the request.
    const conversationId = stream.request?.conversationId ?? '';
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stream.request?.confirmCost).toBe(true);
    await waitFor(() => expect(fakeHistory.store.setLastTargets).toHaveBeenCalledWith(conversationId, [{ keyId: 'key-openai', model: 'gpt-4o' }]));
    expect(fakeHistory.store.createConversation).toHaveBeenCalledWith({ id: conversationId });
    expect(fakeHistory.store.addUserMessage).toHaveBeenCalledWith(conversationId, { id: expect.any(String), startedAt: expect.any(Number), text: 'What is **2+2**?' });
    expect(composer().value).toBe('');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(screen.getByText('Waiting for the answer…')).toBeTruthy();

    emit(stream, { type: 'target', index: 0, provider: 'openai', model: 'gpt-4o' });
    emit(stream, { type: 'delta', text: 'The answer ', reasoning: '' });
    emit(stream, { type: 'delta', text: 'is **4**.', reasoning: '' });
    const region = document.querySelector('.answer-body') as HTMLElement;
    expect(region.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(region.querySelector('strong')?.textContent).toBe('4'));
    expect(region.textContent).toContain('The answer is 4.');

    const start = 1_700_000_000_000;
    emit(stream, {
      type: 'done',
      answer: answer({
        id: stream.requestId,
        conversationId,
        text: 'The answer is **4**.',
        answeredBy: { index: 0, provider: 'openai', model: 'gpt-4o', keyId: 'key-openai' },
        usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
        startedAt: start,
        firstTokenAt: start + 400,
        completedAt: start + 2500,
      }),
    });
    const details = await screen.findByRole('group', { name: 'Answer details' });
    // gpt-4o: $2.50 in, $10 out per 1M → 1000 × 2.5 + 500 × 10 = 7,500 micro-dollars.
    await waitFor(() => expect(details.textContent).toContain('$0.0075'));
    expect(details.textContent).toContain('gpt-4o (OpenAI)');
    expect(details.textContent).toContain('1,000 in · 500 out');
    expect(details.textContent).toContain('2.5 s total · 400 ms to first token');
    expect(details.textContent).not.toContain('estimated');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    await waitFor(() => expect(fakeHistory.store.touch).toHaveBeenCalledWith(conversationId));
    expect(stream.session.close).toHaveBeenCalled();
  });

  it('marks estimated usage, unknown prices and a fallback that answered', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    const stream = last();
    emit(stream, {
      type: 'done',
      answer: answer({
        id: stream.requestId,
        text: 'Hello!',
        answeredBy: { index: 1, provider: 'openai', model: 'my-finetune', keyId: 'key-openai' },
        fellBackFrom: [{ provider: 'anthropic', model: 'claude-sonnet-4-5', kind: 'overloaded' }],
        usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 4, reasoningTokens: 0, estimated: true },
        completedAt: 1_700_000_001_000,
      }),
    });
    const details = await screen.findByRole('group', { name: 'Answer details' });
    await waitFor(() => expect(details.textContent).toContain('price unknown'));
    expect(details.textContent).toContain('4 cached');
    expect(details.textContent).toContain('(estimated)');
    expect(details.textContent).toContain('Answered by my-finetune (OpenAI) after claude-sonnet-4-5 (Anthropic) failed.');
  });

  it('labels an answer the organisation’s gateway gave (issue 18), and only that one', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('Hi');
    const stream = last();
    emit(stream, {
      type: 'done',
      answer: answer({
        id: stream.requestId,
        text: 'Hello!',
        answeredBy: { index: 1, provider: 'openai', model: 'gpt-4o', keyId: null, gateway: true },
        fellBackFrom: [{ provider: 'openai', model: 'gpt-4o', kind: 'key-rejected' }],
        completedAt: 1_700_000_001_000,
      }),
    });
    const details = await screen.findByRole('group', { name: 'Answer details' });
    expect(details.textContent).toContain("Answered through your organisation's gateway");
    await type('Again');
    const own = last();
    emit(own, { type: 'done', answer: answer({ id: own.requestId, text: 'Mine', answeredBy: { index: 0, provider: 'openai', model: 'gpt-4o', keyId: 'key-openai' }, completedAt: 1_700_000_002_000 }) });
    await waitFor(() => expect(screen.getAllByRole('group', { name: 'Answer details' })).toHaveLength(2));
    expect(screen.getAllByRole('group', { name: 'Answer details' })[1]?.textContent).not.toContain('gateway');
  });

  it('shows a provider error with Retry only when it is retryable, and retries the same question', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('first');
    emit(last(), { type: 'error', error: { kind: 'invalid-request', message: 'The model refused this request.', retryable: false } });
    expect((await screen.findByRole('alert')).textContent).toBe('The model refused this request.');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();

    await type('second');
    const failing = last();
    emit(failing, { type: 'error', error: { kind: 'server', message: 'OpenAI had a temporary problem. Try again.', retryable: true } });
    await screen.findByText('OpenAI had a temporary problem. Try again.');
    const before = streams.length;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(streams.length).toBe(before + 1));
    const secondQuestion = fakeHistory.store.addUserMessage.mock.results[1]?.value as Promise<{ id: string }>;
    expect(fakeHistory.store.truncateAfter).toHaveBeenCalledWith(failing.request?.conversationId, (await secondQuestion).id, false);
    // The failed answer with no text is not sent back to the model; the two questions are joined.
    expect(last().request?.messages).toEqual([{ role: 'user', content: 'first\n\nsecond' }]);
  });

  it('counts down before Retry when the provider asked to wait', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    const stream = last();
    emit(stream, {
      type: 'error',
      error: { kind: 'rate-limited', message: 'Too many requests.', retryable: true, retryAfterMs: 30_000 },
      answer: answer({ id: stream.requestId, status: 'failed', completedAt: Date.now(), updatedAt: Date.now() }),
    });
    const retry = await screen.findByRole('button', { name: 'Retry' });
    expect(retry.textContent).toMatch(/^Retry in (29|30) s$/);
    expect((retry as HTMLButtonElement).disabled).toBe(true);
  });

  it('says the wait is over once the countdown has ended, instead of still asking to wait', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    const stream = last();
    emit(stream, { type: 'target', index: 0, provider: 'openai', model: 'gpt-4o' });
    emit(stream, {
      type: 'error',
      error: { kind: 'rate-limited', message: 'OpenAI is limiting how often this key can send requests. Try again in 1 s.', retryable: true, retryAfterMs: 1000 },
      answer: answer({ id: stream.requestId, status: 'failed', answeredBy: { index: 0, provider: 'openai', model: 'gpt-4o', keyId: 'key-openai' }, completedAt: Date.now(), updatedAt: Date.now() }),
    });
    expect(await screen.findByText('OpenAI is limiting how often this key can send requests. Try again in 1 s.')).toBeTruthy();
    const retry = screen.getByRole('button', { name: 'Retry' }) as HTMLButtonElement;
    await waitFor(() => expect(retry.disabled).toBe(false), { timeout: 3000 });
    expect(screen.queryByText(/Try again in/)).toBeNull();
    expect(screen.getByText('OpenAI was limiting how often this key can send requests. The wait is over: you can retry now.')).toBeTruthy();
  });

  it('a rejected key: the text names Rotate, links to the key settings, and offers Retry', async () => {
    backend();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    const stream = last();
    emit(stream, {
      type: 'error',
      error: { kind: 'key-rejected', message: 'OpenAI rejected the API key. Check that it was copied in full and has not been revoked, then save it again.', retryable: false },
      answer: answer({ id: stream.requestId, status: 'failed', answeredBy: { index: 0, provider: 'openai', model: 'gpt-4o', keyId: 'key-openai' } }),
    });
    const alert = await screen.findByText(/rejected the API key/);
    expect(alert.textContent).toContain('OpenAI');
    expect(alert.textContent).toContain('Rotate');
    expect(alert.textContent).not.toContain('save it again');
    fireEvent.click(screen.getByRole('button', { name: 'Open the key’s settings' }));
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/options\.html#keys$/) });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(last().request?.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('a failure part-way through an answer offers Continue from the partial answer as well as Retry', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('Tell me a story');
    const stream = last();
    emit(stream, { type: 'delta', text: 'Once upon a time', reasoning: '' });
    emit(stream, { type: 'error', error: { kind: 'network', message: 'Could not reach OpenAI. Check your internet connection and try again.', retryable: true } });
    expect(await screen.findByRole('button', { name: 'Retry' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(last().request?.messages).toEqual([
      { role: 'user', content: 'Tell me a story' },
      { role: 'assistant', content: 'Once upon a time' },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
    expect(screen.getByRole('article', { name: 'Continuation of the answer above' })).toBeTruthy();
  });

  it('a VAULT_LOCKED error shows the unlock form (once), then Retry once unlocked', async () => {
    let status: VaultStatus = UNLOCKED;
    backend({
      'vault.status': () => status,
      'vault.unlock': () => (status = UNLOCKED),
    });
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    status = LOCKED;
    emit(last(), { type: 'error', error: { kind: 'VAULT_LOCKED', message: 'The vault is locked. Unlock it with your passphrase to continue.', retryable: false } });
    const form = await screen.findByRole('form', { name: 'Unlock the vault' });
    expect(screen.getByText('The vault is locked. Unlock it with your passphrase to continue.')).toBeTruthy();
    expect(screen.getAllByRole('form', { name: 'Unlock the vault' })).toHaveLength(1);
    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'violet tundra marimba quokka' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Unlock the vault' })).toBeNull());
    expect(await screen.findByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('message actions', () => {
  async function answered(text = 'An answer', status: 'complete' | 'stopped' = 'complete') {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('Question one');
    const stream = last();
    emit(stream, { type: 'delta', text, reasoning: '' });
    emit(stream, { type: 'done', answer: answer({ id: stream.requestId, conversationId: stream.request?.conversationId ?? null, text, status }) });
    await screen.findByRole('group', { name: 'Answer actions' });
    return stream;
  }

  it('copies an answer and a question as text', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await answered('Some **bold** text');
    fireEvent.click(within(screen.getByRole('group', { name: 'Answer actions' })).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('Some **bold** text'));
    fireEvent.click(within(screen.getByRole('group', { name: 'Message actions' })).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('Question one'));
  });

  it('regenerates the last answer: drops it from history and asks again with the same messages', async () => {
    const first = await answered();
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(streams).toHaveLength(2));
    const conversationId = first.request?.conversationId ?? '';
    const question = fakeHistory.conversations.get(conversationId)?.messages[0];
    expect(question?.role).toBe('user');
    expect(fakeHistory.store.truncateAfter).toHaveBeenCalledWith(conversationId, question?.id, false);
    expect(last().request?.messages).toEqual(first.request?.messages);
    expect(screen.queryByText('An answer')).toBeNull();
  });

  it('edits a question and resends it, dropping what followed', async () => {
    const first = await answered();
    const conversationId = first.request?.conversationId ?? '';
    const questionId = fakeHistory.conversations.get(conversationId)?.messages[0]?.id;
    expect(questionId).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Edit your message' });
    fireEvent.change(editor, { target: { value: 'Question one, better' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and resend' }));
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(fakeHistory.store.truncateAfter).toHaveBeenCalledWith(conversationId, questionId, true);
    await waitFor(() => expect(fakeHistory.store.addUserMessage).toHaveBeenLastCalledWith(conversationId, { id: expect.any(String), startedAt: expect.any(Number), text: 'Question one, better' }));
    expect(last().request?.messages).toEqual([{ role: 'user', content: 'Question one, better' }]);
    expect(screen.queryByText('Question one')).toBeNull();
    expect(screen.getByText('Question one, better')).toBeTruthy();
  });

  it('Edit in a scrolled chat: the edit box is scrolled into view and focused, and the list stays there', async () => {
    await answered();
    const list = screen.getByRole('region', { name: 'Messages' });
    // A long chat, read at its end (the list sticks to the end while content changes).
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 2000 });
    Object.defineProperty(list, 'clientHeight', { configurable: true, value: 300 });
    list.scrollTop = 1700;
    fireEvent.scroll(list);
    const scrolled: Element[] = [];
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
      list.scrollTop = 400;
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Edit your message' });
    await waitFor(() => expect(document.activeElement).toBe(editor));
    expect(scrolled.some((element) => element.contains(editor) && element.tagName === 'FORM')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(list.scrollTop).toBe(400);
    vi.mocked(Element.prototype.scrollIntoView).mockRestore();
  });

  it('continues a stopped answer as a new answer marked continued', async () => {
    await answered('The first half', 'stopped');
    expect(screen.getByText('Stopped')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(last().request?.messages).toEqual([
      { role: 'user', content: 'Question one' },
      { role: 'assistant', content: 'The first half' },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
    expect(fakeHistory.store.truncateAfter).not.toHaveBeenCalled();
    const continued = screen.getByRole('article', { name: 'Continuation of the answer above' });
    expect(within(continued).getByText('continued')).toBeTruthy();
  });

  it('offers no Continue for a complete answer and no Regenerate while streaming', async () => {
    await answered();
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
    fireEvent.change(composer(), { target: { value: 'next' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Regenerate' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });
});

describe('the composer keyboard', () => {
  it('Enter sends, Shift+Enter does not, Esc stops a streaming answer', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    fireEvent.change(composer(), { target: { value: 'line one' } });
    fireEvent.keyDown(composer(), { key: 'Enter', shiftKey: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(startChat).not.toHaveBeenCalled();
    expect(composer().value).toBe('line one');

    fireEvent.keyDown(composer(), { key: 'Enter' });
    await waitFor(() => expect(startChat).toHaveBeenCalledTimes(1));
    const stream = last();
    expect(stream.session.stop).not.toHaveBeenCalled();
    fireEvent.keyDown(composer(), { key: 'Escape' });
    expect(stream.session.stop).toHaveBeenCalledTimes(1);
  });

  it('Enter on an empty box sends nothing, and Send is disabled without text', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(composer(), { key: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(startChat).not.toHaveBeenCalled();
  });

  it('the Stop button stops the answer', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('long one');
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(last().session.stop).toHaveBeenCalledTimes(1);
    emit(last(), { type: 'done', answer: answer({ id: last().requestId, text: 'partial', status: 'stopped' }) });
    expect(await screen.findByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
  });
});

describe('vault states', () => {
  it('a locked vault says so and shows the unlock form; unlocking loads the models', async () => {
    let status: VaultStatus = LOCKED;
    const mock = backend({
      'vault.status': () => status,
      'vault.unlock': () => (status = UNLOCKED),
    });
    renderInPage(<Chat />);
    expect(await screen.findByText('The vault is locked. Unlock it to chat with your keys.')).toBeTruthy();
    expect(sent(mock, 'keys.list')).toHaveLength(0);
    expect(composer()).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'violet tundra marimba quokka' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await ready();
    expect(screen.queryByText('The vault is locked. Unlock it to chat with your keys.')).toBeNull();
  });

  it('locked with a conversation open: the unlock form sits above the message box, out of the scrolled list, and the picker says why it is empty', async () => {
    let status: VaultStatus = LOCKED;
    backend({
      'vault.status': () => status,
      'vault.unlock': () => (status = UNLOCKED),
    });
    fakeHistory.seed({
      id: 'conv-long',
      messages: [
        { id: 'q1', conversationId: 'conv-long', role: 'user', text: 'An old question', startedAt: 1 },
        answer({ id: 'a1', conversationId: 'conv-long', text: 'An old answer', startedAt: 2 }),
      ],
    });
    renderInPage(<Chat conversationId="conv-long" />);
    const form = await screen.findByRole('form', { name: 'Unlock the vault' });
    await screen.findByText('An old answer');
    const list = screen.getByRole('region', { name: 'Messages' });
    expect(list.contains(form)).toBe(false);
    // After the conversation, right before the message box.
    expect(list.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(form.compareDocumentPosition(composer()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(pickerButton().textContent).toBe('Locked: unlock to choose a model');
    expect(screen.queryByText('Loading models…')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'violet tundra marimba quokka' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Unlock' }));
    await ready();
    expect(screen.queryByRole('form', { name: 'Unlock the vault' })).toBeNull();
  });

  it('with no vault, leads to the options page to add a key', async () => {
    const openOptionsPage = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    backend({ 'vault.status': () => ABSENT });
    renderInPage(<Chat />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a key' }));
    expect(openOptionsPage).toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('with no vault but the organisation’s gateway (issue 18): the chat answers through it, picked in the picker', async () => {
    const gatewayKey = keyView({ id: 'org:gateway', provider: 'openai', label: 'llm.example.com', masked: '', organisation: true });
    await fakeBrowser.storage.local.clear();
    backend({
      'vault.status': () => ({ ...ABSENT, orgGateway: true }),
      'keys.list': () => ({ keys: [gatewayKey] }),
      'models.list': () => ({ models: [{ id: 'org-default' }] }),
    });
    renderInPage(<Chat />);
    await waitFor(() => expect(chosen()).toBe('key:org:gateway:org-default'));
    expect(pickerButton().textContent).toContain('org-default');
    const restore = tallPickerList();
    await openPicker();
    await waitFor(() => expect(sections().map((section) => section.label)).toContain('Organisation gateway — llm.example.com'));
    restore();
    // Not the "add a key" state: the gateway is a key to answer with.
    expect(screen.queryByRole('button', { name: 'Add a key' })).toBeNull();
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Search models' }), { key: 'Escape' });
    await type('Hello');
    expect(startChat).toHaveBeenCalledWith(expect.objectContaining({ targets: [{ keyId: 'org:gateway', model: 'org-default' }] }), expect.anything());
  });

  it('with only a damaged key, shows the empty state too', async () => {
    backend({ 'keys.list': () => ({ keys: [damagedKey] }) });
    renderInPage(<Chat />);
    expect(await screen.findByText(/No usable key yet/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add a key' })).toBeTruthy();
  });
});

describe('re-attaching', () => {
  it('follows an answer that is still streaming when the conversation is opened again', async () => {
    backend();
    fakeHistory.seed({
      id: 'conv-old',
      messages: [
        { id: 'q1', conversationId: 'conv-old', role: 'user', text: 'Tell me a story', startedAt: 1 },
        answer({ id: 'streaming-answer', conversationId: 'conv-old', status: 'streaming', text: 'Once upon', startedAt: 2 }),
      ],
    });
    renderInPage(<Chat conversationId="conv-old" />);
    await waitFor(() => expect(attachChat).toHaveBeenCalledWith('streaming-answer', expect.anything()));
    expect(startChat).not.toHaveBeenCalled();
    const stream = last();
    emit(stream, { type: 'snapshot', answer: answer({ id: 'streaming-answer', conversationId: 'conv-old', status: 'streaming', text: 'Once upon a time' }) });
    emit(stream, { type: 'delta', text: ' there was a fox.', reasoning: '' });
    await waitFor(() => expect(document.querySelector('.answer-body')?.textContent).toContain('Once upon a time there was a fox.'));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    emit(stream, { type: 'done', answer: answer({ id: 'streaming-answer', conversationId: 'conv-old', text: 'Once upon a time there was a fox.' }) });
    expect(await screen.findByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('loads and re-attaches under StrictMode too (effects run twice in development)', async () => {
    backend();
    fakeHistory.seed({
      id: 'conv-strict',
      messages: [
        { id: 'q1', conversationId: 'conv-strict', role: 'user', text: 'Strict question', startedAt: 1 },
        answer({ id: 'strict-answer', conversationId: 'conv-strict', status: 'streaming', text: 'Going', startedAt: 2 }),
      ],
    });
    renderInPage(
      <StrictMode>
        <Chat conversationId="conv-strict" />
      </StrictMode>,
    );
    expect(await screen.findByText('Strict question')).toBeTruthy();
    await waitFor(() => expect(attachChat).toHaveBeenCalledWith('strict-answer', expect.anything()));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
  });

  it('keeps what arrived and offers Continue when the background goes away mid-answer', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    const stream = last();
    emit(stream, { type: 'delta', text: 'Half an answer', reasoning: '' });
    act(() => stream.handlers.onDisconnect(answer({ id: stream.requestId, status: 'streaming', text: 'Half an answer' })));
    expect(await screen.findByText('Interrupted')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/cut off/);
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('system prompts', () => {
  it('sends the chosen preset as the system prompt and keeps it with the conversation', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: /^System prompt / }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Concise' }));
    expect(screen.getByRole('button', { name: 'System prompt Concise' })).toBeTruthy();
    await type('hi');
    await waitFor(() => expect(fakeHistory.store.createConversation).toHaveBeenCalledWith({ id: last().request?.conversationId, systemPrompt: expect.stringMatching(/^Answer briefly/) }));
    expect(last().request?.messages[0]).toEqual({ role: 'system', content: expect.stringMatching(/^Answer briefly/) });
    // Once the chat has started the choice is fixed: the menu shows it checked, and no choice can be picked.
    const button = screen.getByRole('button', { name: /^System prompt / });
    expect(button.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/fixed once a chat has started/);
    fireEvent.click(button);
    const choices = screen.getAllByRole('menuitemradio');
    expect(choices.map((choice) => [choice.textContent, choice.getAttribute('aria-checked'), choice.getAttribute('aria-disabled')])).toEqual([
      ['No system prompt', 'false', 'true'],
      ['Concise', 'true', 'true'],
      ['Explain like a teacher', 'false', 'true'],
      ['Code reviewer', 'false', 'true'],
      ['Translator', 'false', 'true'],
    ]);
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'No system prompt' }));
    expect(screen.getByRole('button', { name: 'System prompt Concise' })).toBeTruthy();
  });

  it('adds, edits and deletes presets in storage.local', async () => {
    backend();
    renderInPage(<Chat />);
    fireEvent.click(screen.getByRole('button', { name: /^System prompt / }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Manage prompts' }));
    // Loaded when first opened (out of the popup's first paint).
    const library = await screen.findByRole('region', { name: 'Prompt library' });
    for (const name of ['Concise', 'Explain like a teacher', 'Code reviewer', 'Translator']) expect(within(library).getByText(name)).toBeTruthy();

    const add = within(library).getByRole('form', { name: 'Add prompt' });
    fireEvent.change(within(add).getByLabelText('Name'), { target: { value: 'Pirate' } });
    fireEvent.change(within(add).getByLabelText('Prompt'), { target: { value: 'Talk like a pirate.' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add prompt' }));
    await waitFor(async () => {
      const stored = (await fakeBrowser.storage.local.get('promptLibrary')).promptLibrary as { name: string; text: string }[];
      expect(stored.map((preset) => preset.name)).toContain('Pirate');
    });

    fireEvent.click(within(library).getByRole('button', { name: 'Edit Pirate' }));
    const edit = within(library).getByRole('form', { name: 'Edit Pirate' });
    fireEvent.change(within(edit).getByLabelText('Prompt'), { target: { value: 'Talk like a pirate, matey.' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Save prompt' }));
    fireEvent.click(within(library).getByRole('button', { name: 'Delete Concise' }));
    await waitFor(async () => {
      const stored = (await fakeBrowser.storage.local.get('promptLibrary')).promptLibrary as { name: string; text: string }[];
      expect(stored.map((preset) => preset.name)).toEqual(['Explain like a teacher', 'Code reviewer', 'Translator', 'Pirate']);
      expect(stored.find((preset) => preset.name === 'Pirate')?.text).toBe('Talk like a pirate, matey.');
    });

    // Closing the library gives the conversation back; the menu offers the presets as saved.
    fireEvent.click(within(library).getByRole('button', { name: 'Close prompts' }));
    expect(screen.queryByRole('region', { name: 'Prompt library' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Messages' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^System prompt / }));
    expect(screen.getAllByRole('menuitemradio').map((choice) => choice.textContent)).toEqual(['No system prompt', 'Explain like a teacher', 'Code reviewer', 'Translator', 'Pirate']);
  });
});

describe('page context', () => {
  it('attaches what onBeforeSend returns to the message and the request', async () => {
    backend();
    const context = { kind: 'page' as const, title: 'Example', url: 'https://example.com/', text: 'Page body text' };
    renderInPage(<Chat onBeforeSend={() => context} contextSlot={<span>Using: Example</span>} />);
    expect(screen.getByText('Using: Example')).toBeTruthy();
    await ready();
    await type('Summarise this');
    await waitFor(() =>
      expect(fakeHistory.store.addUserMessage).toHaveBeenCalledWith(last().request?.conversationId, { id: expect.any(String), startedAt: expect.any(Number), text: 'Summarise this', context }),
    );
    const content = last().request?.messages[0]?.content ?? '';
    expect(content.startsWith('Summarise this')).toBe(true);
    expect(content).toContain('Page body text');
    expect(content).toContain('https://example.com/');
  });
});

describe('budgets in the chat', () => {
  const notice = (level: 'warn' | 'block') => ({
    capId: 'cap-month',
    namePhrase: phrase('budget_name_month_global'),
    limitUsd: 10,
    spentUsd: level === 'block' ? 10.2 : 8.4,
    level,
    resetsAt: Date.UTC(2026, 11, 1),
    // The worker sends phrases; the page renders them.
    phrase:
      level === 'block'
        ? phrase('budget_usedUp', phrase('budget_name_month_global'), '$10.20', '$10.00', 'Tue, Dec 1')
        : phrase('budget_share', '84%', phrase('budget_name_month_global'), '$8.40', '$10.00', 'Tue, Dec 1'),
  });

  it('shows a budget warning with the answer', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    const stream = last();
    emit(stream, { type: 'budget', level: 'warn', notices: [notice('warn')] });
    emit(stream, { type: 'done', answer: answer({ id: stream.requestId, text: 'Hello' }) });
    expect((await screen.findByText('84% of the monthly budget for all providers is spent ($8.40 of $10.00). It resets Tue, Dec 1.')).closest('.budget-warning')).not.toBeNull();
  });

  it('a blocked request explains the cap and can be sent once over it, deliberately', async () => {
    const backendMock = backend({ 'budget.override': ({ capId }) => ({ capId }) });
    renderInPage(<Chat />);
    await ready();
    await type('expensive question');
    const blocked = last();
    emit(blocked, { type: 'budget', level: 'block', notices: [notice('block')] });
    emit(blocked, { type: 'error', error: { kind: 'budget-exceeded', phrase: notice('block').phrase, retryable: false } });
    expect((await screen.findByRole('alert')).textContent).toBe('Used up: the monthly budget for all providers ($10.20 of $10.00). It resets Tue, Dec 1.');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    const before = streams.length;
    fireEvent.click(screen.getByRole('button', { name: 'Go over the budget for this one request' }));
    await waitFor(() => expect(sent(backendMock, 'budget.override')).toEqual([{ capId: 'cap-month' }]));
    await waitFor(() => expect(streams.length).toBe(before + 1));
    expect(last().request?.messages).toEqual([{ role: 'user', content: 'expensive question' }]);
  });
});

describe('cost check before sending', () => {
  // The background decides on the chat port (tests/unit/chat/cost-confirmation.test.ts): the page
  // starts at once and shows the confirmation when the background asks for it.
  const largeEstimate = {
    inputTokens: 120_000,
    outputTokens: 1_000,
    costUsd: 0.31,
    large: true,
    level: 'warn' as const,
    notices: [
      { capId: 'cap-day', namePhrase: phrase('budget_name_day_global'), limitUsd: 1, spentUsd: 0.8, level: 'warn' as const, resetsAt: Date.UTC(2026, 10, 24), phrase: phrase('budget_wouldPass', '$0.31', phrase('budget_name_day_global'), '$0.80', '$1.00') },
    ],
  };

  it('asks when the background asks, and sends only when the user says so', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('a very long question');
    const asked = last();
    expect(asked.request?.confirmCost).toBe(true);
    expect(asked.request?.messages).toEqual([{ role: 'user', content: 'a very long question' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    emit(asked, { type: 'confirm', estimate: largeEstimate });
    const dialog = await screen.findByRole('alertdialog', { name: 'Cost of this request' });
    expect(dialog.textContent).toContain('about 120,000 tokens in and up to 1,000 out, about $0.31.');
    expect(dialog.textContent).toContain('This request (about $0.31) would go past the daily budget for all providers ($0.80 of $1.00 spent).');
    expect(asked.session.confirm).not.toHaveBeenCalled();
    expect(asked.session.cancel).not.toHaveBeenCalled();

    // Cancel: said on the same port; the background ends the answer as not sent. The question,
    // saved beside the request, stays in the conversation, and Retry asks again.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(asked.session.cancel).toHaveBeenCalledTimes(1);
    expect(asked.session.confirm).not.toHaveBeenCalled();
    const notSent = { kind: 'cancelled', message: 'Not sent: the cost check was cancelled.', retryable: true };
    emit(asked, { type: 'error', error: notSent, answer: answer({ id: asked.requestId, status: 'failed', error: notSent }) });
    expect((await screen.findByRole('alert')).textContent).toContain('Not sent');
    expect(screen.getByText('a very long question')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(streams.length).toBe(2));
    const again = last();
    expect(again.request?.messages).toEqual([{ role: 'user', content: 'a very long question' }]);
    emit(again, { type: 'confirm', estimate: largeEstimate });
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Send anyway' }));
    expect(again.session.confirm).toHaveBeenCalledTimes(1);
    expect(again.session.cancel).not.toHaveBeenCalled();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    emit(again, { type: 'delta', text: 'Here it is', reasoning: '' });
    expect(await screen.findByText('Here it is')).toBeTruthy();
  });

  it('a used-up budget: one button, which goes over the budget for this request and then confirms it', async () => {
    const estimate = {
      inputTokens: 12,
      outputTokens: 1_000,
      costUsd: 0.0006,
      large: false,
      level: 'block' as const,
      notices: [
        {
          capId: 'cap-day',
          namePhrase: phrase('budget_name_day_global'),
          limitUsd: 0.01,
          spentUsd: 0.0104,
          level: 'block' as const,
          resetsAt: Date.UTC(2026, 10, 24),
          phrase: phrase('budget_usedUp', phrase('budget_name_day_global'), '$0.0104', '$0.01', 'Tue, Nov 24'),
        },
      ],
    };
    const backendMock = backend({ 'budget.override': ({ capId }) => ({ capId }) });
    renderInPage(<Chat />);
    await ready();
    await type('one more question');
    const asked = last();
    emit(asked, { type: 'confirm', estimate });
    const dialog = await screen.findByRole('alertdialog', { name: 'Cost of this request' });
    expect(dialog.textContent).toContain('about $0.0006.');
    expect(dialog.textContent).toContain('($0.0104 of $0.01)');
    // Nothing that sends nothing: the only way on is the button that says what it does.
    expect(within(dialog).getAllByRole('button').map((button) => button.textContent)).toEqual(['Go over the budget and send', 'Cancel']);
    expect(sent(backendMock, 'budget.override')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Go over the budget and send' }));
    await waitFor(() => expect(asked.session.confirm).toHaveBeenCalledTimes(1));
    expect(sent(backendMock, 'budget.override')).toEqual([{ capId: 'cap-day' }]);
    // The override is armed before the background is told to go on.
    expect(backendMock.mock.invocationCallOrder[backendMock.mock.calls.findIndex(([type]) => type === 'budget.override')]).toBeLessThan(
      asked.session.confirm.mock.invocationCallOrder[0] ?? 0,
    );
    expect(streams).toHaveLength(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('a small request within budget goes straight out: nothing is asked', async () => {
    backend();
    renderInPage(<Chat />);
    await ready();
    await type('hi');
    emit(last(), { type: 'delta', text: 'Hello', reasoning: '' });
    expect(await screen.findByText('Hello')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('the question is saved beside the request', () => {
  it("the answer starts and streams before the question's save finishes", async () => {
    backend();
    let finishSave: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (finishSave = resolve));
    const realAdd = fakeHistory.store.addUserMessage.getMockImplementation();
    fakeHistory.store.addUserMessage.mockImplementation(async (...args: Parameters<NonNullable<typeof realAdd>>) => {
      await held;
      return realAdd!(...args);
    });
    renderInPage(<Chat />);
    await ready();
    await type('quick question');
    // The port is open while the save is held: the start did not wait for it.
    const stream = last();
    await waitFor(() => expect(fakeHistory.store.addUserMessage).toHaveBeenCalledTimes(1));
    const conversationId = stream.request?.conversationId ?? '';
    expect(fakeHistory.conversations.get(conversationId)?.messages ?? []).toEqual([]);
    emit(stream, { type: 'delta', text: 'Streaming already', reasoning: '' });
    expect(await screen.findByText('Streaming already')).toBeTruthy();
    emit(stream, { type: 'done', answer: answer({ id: stream.requestId, conversationId, text: 'Streaming already' }) });
    await screen.findByRole('group', { name: 'Answer actions' });
    // The conversation is touched only after the question is in it.
    expect(fakeHistory.store.touch).not.toHaveBeenCalled();
    finishSave?.();
    await waitFor(() => expect(fakeHistory.store.touch).toHaveBeenCalledWith(conversationId));
    expect(fakeHistory.conversations.get(conversationId)?.messages.map((message) => message.text)).toEqual(['quick question']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failed save is shown; the answer still streams', async () => {
    backend();
    fakeHistory.store.addUserMessage.mockImplementation(async () => {
      throw new Error('QuotaExceededError');
    });
    renderInPage(<Chat />);
    await ready();
    await type('will not be saved');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your question could not be saved in the history. The answer is still shown and saved; copy the question if you need it.',
    );
    emit(last(), { type: 'delta', text: 'Answer anyway', reasoning: '' });
    expect(await screen.findByText('Answer anyway')).toBeTruthy();
    expect(screen.getByText('will not be saved')).toBeTruthy();
  });
});
