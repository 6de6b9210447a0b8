import { beforeEach, describe, expect, test, vi } from 'vitest';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { send } from '@/src/messaging/client';
import { connectPort, type Port } from '@/src/platform/messaging';
import type { AnswerRecord } from '@/src/chat/answer-record';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/platform/messaging', () => ({ connectPort: vi.fn() }));

/** A port whose worker end the test plays: what the page posted, and the worker's messages and disconnect. */
function fakePort() {
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const posted: unknown[] = [];
  const port = {
    postMessage: (message: unknown) => posted.push(message),
    disconnect: vi.fn(),
    onMessage: { addListener: (listener: (message: unknown) => void) => onMessage.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => onDisconnect.push(listener) },
  };
  vi.mocked(connectPort).mockReturnValueOnce(port as unknown as Port);
  return { posted, say: (message: unknown) => onMessage.forEach((listener) => listener(message)), drop: () => onDisconnect.forEach((listener) => listener()) };
}

const handlers = () => ({ onMessage: vi.fn(), onDisconnect: vi.fn() });
const saved = { id: 'answer-0001', status: 'streaming' } as unknown as AnswerRecord;

beforeEach(() => vi.mocked(send).mockReset());

describe('the chat client', () => {
  test('opens the chat port and starts with the request', () => {
    const port = fakePort();
    startChat({ requestId: 'answer-0001', targets: [{ keyId: 'k', model: 'm' }], messages: [{ role: 'user', content: 'hi' }] }, handlers());
    expect(connectPort).toHaveBeenLastCalledWith('keyward.chat');
    expect(port.posted).toEqual([{ type: 'start', requestId: 'answer-0001', targets: [{ keyId: 'k', model: 'm' }], messages: [{ role: 'user', content: 'hi' }] }]);
  });

  test('the worker going away mid-answer: the page asks for the saved record (chat.answer) and hands it on', async () => {
    vi.mocked(send).mockResolvedValueOnce(saved);
    const port = fakePort();
    const page = handlers();
    attachChat('answer-0001', page);
    port.drop();
    await vi.waitFor(() => expect(page.onDisconnect).toHaveBeenCalledExactlyOnceWith(saved));
    expect(send).toHaveBeenCalledExactlyOnceWith('chat.answer', { id: 'answer-0001' });
  });

  test('no record when the worker cannot say; nothing asked after the answer ended', async () => {
    vi.mocked(send).mockRejectedValueOnce(new Error('no answer'));
    const failing = fakePort();
    const page = handlers();
    attachChat('answer-0002', page);
    failing.drop();
    await vi.waitFor(() => expect(page.onDisconnect).toHaveBeenCalledExactlyOnceWith(null));

    const ended = fakePort();
    const done = handlers();
    attachChat('answer-0003', done);
    ended.say({ type: 'done', answer: saved });
    ended.drop();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done.onMessage).toHaveBeenCalledOnce();
    expect(done.onDisconnect).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledOnce();
  });
});
