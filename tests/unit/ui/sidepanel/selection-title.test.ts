import { beforeEach, describe, expect, it, vi } from 'vitest';
import { attachChat, startChat } from '@/src/chat/chat-client';
import { openHistory, type HistoryStore } from '@/src/history';
import { runSelectionAction, type SelectionRun } from '@/src/ui/sidepanel/run-selection-action';
import { selectionInstruction } from '@/src/page/selection-prompts';
import { createFakeHistory, installChatClient, type FakeHistory, type FakeStream } from '../chat/fakes';

vi.mock('@/src/chat/chat-client', () => ({ startChat: vi.fn(), attachChat: vi.fn() }));
vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));

let fakeHistory: FakeHistory;
let streams: FakeStream[];
vi.mocked(openHistory).mockImplementation(
  () => new Proxy({}, { get: (_target, property) => Reflect.get(fakeHistory.store, property) as unknown }) as HistoryStore,
);

beforeEach(() => {
  fakeHistory = createFakeHistory();
  streams = installChatClient(startChat, attachChat);
});

/** Runs the action as the side panel does; the background's first message lets it resolve. */
async function titleOf(run: Omit<SelectionRun, 'targets'>): Promise<string> {
  const done = runSelectionAction({ ...run, targets: [{ keyId: 'key-openai', model: 'gpt-4o' }] });
  await vi.waitFor(() => expect(streams).toHaveLength(1));
  streams[0]?.handlers.onMessage({ type: 'target', index: 0, provider: 'openai', model: 'gpt-4o' });
  const id = await done;
  return fakeHistory.conversations.get(id)?.summary.title ?? '';
}

describe('selection-action conversations in the history', () => {
  it('are titled by the action and the selected text, or the page when the selection is long', async () => {
    const page = { kind: 'selection', title: 'Cell biology — Wikipedia', url: 'https://en.wikipedia.org/wiki/Cell' } as const;
    expect(await titleOf({ text: selectionInstruction('explain', { languageName: 'English' }), label: 'Explain', context: { ...page, text: 'the **mitochondria**' } })).toBe(
      'Explain: the mitochondria',
    );
    streams.length = 0;
    const paragraph = 'Cells are the basic structural and functional units of life. '.repeat(5);
    expect(await titleOf({ text: selectionInstruction('translate', { languageName: 'French' }), label: 'Translate', context: { ...page, text: paragraph } })).toBe(
      'Translate: Cell biology — Wikipedia',
    );
    // The question itself is still the instruction the model gets.
    expect(fakeHistory.store.addUserMessage).toHaveBeenLastCalledWith(expect.any(String), expect.objectContaining({ text: 'Translate the attached text into French. Keep the meaning, tone and formatting, and output only the translation.' }));
  });
});
