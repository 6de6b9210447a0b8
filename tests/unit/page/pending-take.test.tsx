// @vitest-environment happy-dom
import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { queueSelectionAction, takePendingAction } from '@/src/background/selection-actions';
import { send } from '@/src/messaging/client';
import { protocol } from '@/src/messaging/protocol';
import { pendingSlot } from '@/src/page/pending-action';
import { usePendingAction, type PendingEntry } from '@/src/ui/sidepanel/use-pending-action';
import { installBackend } from '../ui/fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

afterEach(() => vi.restoreAllMocks());

/** The background's side, as the worker answers it: the real handler, its answer checked by the protocol. */
function backend() {
  installBackend(send, {
    'page.takePendingAction': async (request) => protocol['page.takePendingAction'].response.parse(await takePendingAction(request)),
  });
}

function Panel({ windowId, onEntry }: { windowId: number; onEntry: (entry: PendingEntry) => void }) {
  usePendingAction(windowId, onEntry);
  return null;
}

const queue = (windowId: number, text = 'Some selected text') =>
  queueSelectionAction({ action: 'explain', text, title: 'Page', url: 'https://example.com/', alsoFrom: [], source: 'menu', windowId });

describe('taking a queued selection action', () => {
  it('two side panels open at once: exactly one of them runs the action', async () => {
    backend();
    await queue(4);
    const entries: PendingEntry[] = [];
    render(
      <>
        <Panel windowId={4} onEntry={(entry) => entries.push(entry)} />
        <Panel windowId={4} onEntry={(entry) => entries.push(entry)} />
      </>,
    );
    await waitFor(async () => expect((await fakeBrowser.storage.session.get(null)) as Record<string, unknown>).toEqual({}));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'action', action: { action: 'explain', text: 'Some selected text' } });
  });

  it('an action queued while panels are open goes to one of them', async () => {
    backend();
    const entries: PendingEntry[] = [];
    render(
      <>
        <Panel windowId={5} onEntry={(entry) => entries.push(entry)} />
        <Panel windowId={5} onEntry={(entry) => entries.push(entry)} />
      </>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await queue(5, 'Arrived later');
    await waitFor(() => expect(entries).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(entries).toHaveLength(1);
    expect(await fakeBrowser.storage.session.get(pendingSlot(5).key)).toEqual({});
  });

  it('the worker hands each action out once, drops stale ones, and leaves other windows alone', async () => {
    await queue(6, 'Window six');
    await queue(7, 'Window seven');
    const [first, second] = await Promise.all([takePendingAction({ windowId: 6 }), takePendingAction({ windowId: 6 })]);
    expect([first, second].filter((entry) => entry !== null)).toHaveLength(1);
    await fakeBrowser.storage.session.set({ [pendingSlot(8).key]: { id: 'stale-action-id', action: 'explain', text: 'x', totalChars: 1, title: '', url: '', source: 'menu', createdAt: 0 } });
    expect(await takePendingAction({ windowId: 8 })).toBeNull();
    expect(await fakeBrowser.storage.session.get(pendingSlot(8).key)).toEqual({});
    expect(await takePendingAction({ windowId: 7 })).toMatchObject({ kind: 'action', action: { text: 'Window seven' } });
  });
});
