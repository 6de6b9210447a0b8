// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openHistory, type ConversationSummary, type HistoryStore } from '@/src/history';
import { AppError } from '@/src/shared/errors';
import { HistoryView } from '@/src/ui/history';

vi.mock('@/src/history', () => ({ openHistory: vi.fn() }));

const NOW = Date.now();

function summary(index: number): ConversationSummary {
  return { id: `c${index}`, title: `Chat number ${index}`, createdAt: NOW - index * 60_000, updatedAt: NOW - index * 60_000, messageCount: 2, preview: `Preview ${index}` };
}

/** A fake store of `total` conversations, newest first, with every method a spy. */
function fakeStore(total: number) {
  let items = Array.from({ length: total }, (_, index) => summary(index));
  const store = {
    listConversations: vi.fn(async ({ limit = 100, offset = 0 }: { limit?: number; offset?: number } = {}) => items.slice(offset, offset + limit)),
    countConversations: vi.fn(async () => items.length),
    rename: vi.fn(async (id: string, title: string) => {
      items = items.map((item) => (item.id === id ? { ...item, title } : item));
    }),
    deleteConversation: vi.fn(async (id: string) => {
      items = items.filter((item) => item.id !== id);
    }),
    search: vi.fn(async (_query: string, _options?: { limit?: number }): Promise<{ conversation: ConversationSummary; snippet: string }[]> => []),
    exportMarkdown: vi.fn(async (id?: string) => `# markdown of ${id ?? 'everything'}`),
    exportJson: vi.fn(async (id?: string) => JSON.stringify({ format: 'keyward-history', id: id ?? 'all' })),
    importJson: vi.fn(async (_content: string) => ({ added: 3, present: 0, merged: [] as string[], copied: [] as string[], messages: 7, attachments: 0, attachmentsSkipped: 0 })),
  };
  return store;
}

type FakeStore = ReturnType<typeof fakeStore>;
let store: FakeStore;
// The page's store is opened once and kept: it forwards to the current test's fake.
vi.mocked(openHistory).mockImplementation(() => new Proxy({}, { get: (_target, property) => Reflect.get(store, property) as unknown }) as HistoryStore);

function renderView(total: number, onOpen = vi.fn()) {
  store = fakeStore(total);
  render(<HistoryView onOpen={onOpen} />);
  return onOpen;
}

const list = () => screen.findByRole('list', { name: 'Conversations, newest first' });

/** Captures the Blob URLs the download helper creates, with their content. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return `blob:fake-${blobs.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

beforeEach(() => {
  // happy-dom lays nothing out: the list's scroll box gets a popup-sized height, as in a browser.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('history-scroll') ? 460 : 0;
    },
  });
});

afterEach(() => {
  Reflect.deleteProperty(HTMLElement.prototype, 'clientHeight');
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('HistoryView', () => {
  it('virtualises 10,000 conversations: few rows in the DOM, only their pages read', async () => {
    renderView(10_000);
    const ul = await list();
    await waitFor(() => expect(within(ul).getByRole('button', { name: 'Chat number 0' })).toBeTruthy());
    const rows = within(ul).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(rows[0]?.getAttribute('aria-posinset')).toBe('1');
    expect(screen.getByText('10,000 conversations')).toBeTruthy();
    // Only the first page was read, never the whole history.
    expect(store.listConversations).toHaveBeenCalledTimes(1);
    expect(store.listConversations).toHaveBeenCalledWith({ limit: 50, offset: 0 });
    // The row shows title, relative time and preview.
    const first = rows[0] as HTMLElement;
    expect(first.textContent).toContain('Chat number 0');
    expect(first.textContent).toContain('Preview 0');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe(new Date(NOW).toISOString());
  });

  it('reads further pages as the list scrolls', async () => {
    renderView(10_000);
    const ul = await list();
    await waitFor(() => within(ul).getByRole('button', { name: 'Chat number 0' }));
    const scroller = ul.parentElement as HTMLElement;
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 92 * 5_000 });
    fireEvent.scroll(scroller);
    await waitFor(() => expect(store.listConversations).toHaveBeenCalledWith({ limit: 50, offset: 5_000 }));
    await waitFor(() => expect(within(ul).getByRole('button', { name: 'Chat number 5000' })).toBeTruthy());
    expect(within(ul).getAllByRole('listitem').length).toBeLessThan(50);
  });

  it('opens a conversation', async () => {
    const onOpen = renderView(3);
    fireEvent.click(await screen.findByRole('button', { name: 'Chat number 1' }));
    expect(onOpen).toHaveBeenCalledWith('c1');
  });

  it('searches after a short pause and shows the snippets as plain text', async () => {
    renderView(5);
    await list();
    store.search.mockResolvedValue([{ conversation: summary(3), snippet: '…the <b>bold</b> <img src=x onerror=alert(1)> word…' }]);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search conversations' }), { target: { value: 'w' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search conversations' }), { target: { value: 'word' } });
    expect(store.search).not.toHaveBeenCalled();
    const results = await screen.findByRole('list', { name: 'Search results' });
    expect(store.search).toHaveBeenCalledTimes(1);
    expect(store.search).toHaveBeenCalledWith('word', { limit: 50 });
    expect(within(results).getByText('…the <b>bold</b> <img src=x onerror=alert(1)> word…')).toBeTruthy();
    expect(results.querySelector('img, b')).toBeNull();
    expect(screen.getByText('1 conversation found')).toBeTruthy();
    // Clearing the box brings the full list back.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search conversations' }), { target: { value: '' } });
    expect(await list()).toBeTruthy();
  });

  it('says when nothing matches', async () => {
    renderView(2);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search conversations' }), { target: { value: 'zebra' } });
    expect(await screen.findByText('No conversation matches.')).toBeTruthy();
  });

  it('renames inline', async () => {
    renderView(3);
    fireEvent.click(await screen.findByRole('button', { name: 'Rename “Chat number 1”' }));
    const input = screen.getByRole('textbox', { name: 'New title' });
    fireEvent.change(input, { target: { value: '  Trip plans ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(store.rename).toHaveBeenCalledWith('c1', 'Trip plans'));
    expect(await screen.findByRole('button', { name: 'Trip plans' })).toBeTruthy();
  });

  it('cancels a rename with Escape', async () => {
    renderView(3);
    fireEvent.click(await screen.findByRole('button', { name: 'Rename “Chat number 1”' }));
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'New title' }), { key: 'Escape' });
    expect(screen.queryByRole('textbox', { name: 'New title' })).toBeNull();
    expect(store.rename).not.toHaveBeenCalled();
  });

  it('deletes only after the confirmation', async () => {
    renderView(3);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete “Chat number 2”' }));
    expect(store.deleteConversation).not.toHaveBeenCalled();
    const confirm = screen.getByRole('group', { name: 'Delete “Chat number 2” for good?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(store.deleteConversation).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete “Chat number 2”' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(store.deleteConversation).toHaveBeenCalledWith('c2'));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Chat number 2' })).toBeNull());
    expect(screen.getByText('2 conversations')).toBeTruthy();
  });

  it('shows the store error when a delete fails', async () => {
    renderView(3);
    store.deleteConversation.mockRejectedValueOnce(new AppError('NOT_FOUND', 'That conversation no longer exists.'));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete “Chat number 0”' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That conversation no longer exists.');
  });

  it('exports one conversation and everything as downloads of the store content', async () => {
    const downloads = captureDownloads();
    renderView(3);
    fireEvent.click(await screen.findByRole('button', { name: 'Export “Chat number 1” as Markdown' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(store.exportMarkdown).toHaveBeenCalledWith('c1');
    expect(await downloads.blobs[0]?.text()).toBe('# markdown of c1');
    expect(downloads.blobs[0]?.type).toBe('text/markdown');
    expect(downloads.names[0]).toMatch(/^keyward-chat-number-1-\d{4}-\d{2}-\d{2}\.md$/);

    fireEvent.click(screen.getByRole('button', { name: 'Export “Chat number 1” as JSON' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    expect(JSON.parse(await (downloads.blobs[1] as Blob).text())).toEqual({ format: 'keyward-history', id: 'c1' });

    fireEvent.click(screen.getByRole('button', { name: 'Export all (JSON)' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(3));
    expect(store.exportJson).toHaveBeenLastCalledWith();
    expect(await downloads.blobs[2]?.text()).toBe(await store.exportJson());
    expect(downloads.names[2]).toMatch(/^keyward-history-\d{4}-\d{2}-\d{2}\.json$/);

    fireEvent.click(screen.getByRole('button', { name: 'Export all (Markdown)' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(4));
    expect(await downloads.blobs[3]?.text()).toBe('# markdown of everything');
  });

  it('imports a JSON file and shows the counts', async () => {
    renderView(1);
    await list();
    const input = screen.getByLabelText('History file to import (JSON)') as HTMLInputElement;
    const file = new File(['{"format":"keyward-history"}'], 'export.json', { type: 'application/json' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
    });
    expect(await screen.findByText('3 added, 0 already present.')).toBeTruthy();
    expect(store.importJson).toHaveBeenCalledWith('{"format":"keyward-history"}');
    // The list is read again.
    await waitFor(() => expect(store.countConversations).toHaveBeenCalledTimes(2));
  });

  it('an import of what is already there says so; merged conversations and copies are named', async () => {
    renderView(14);
    await list();
    const input = screen.getByLabelText('History file to import (JSON)') as HTMLInputElement;
    const file = () => new File(['{"format":"keyward-history"}'], 'export.json', { type: 'application/json' });
    store.importJson.mockResolvedValueOnce({ added: 0, present: 14, merged: [], copied: [], messages: 0, attachments: 0, attachmentsSkipped: 0 });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file()] } });
    });
    expect(await screen.findByText('0 added, 14 already present.')).toBeTruthy();
    store.importJson.mockResolvedValueOnce({ added: 1, present: 11, merged: ['Trip to Rome'], copied: ['Budget', 'Tides'], messages: 9, attachments: 0, attachmentsSkipped: 0 });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file()] } });
    });
    expect(
      await screen.findByText(
        '1 added, 11 already present; 1 merged: the file’s new messages were added to “Trip to Rome”; 2 added as copies beside a version here that differs: “Budget”, “Tides”.',
      ),
    ).toBeTruthy();
  });

  it('shows the clear error of a rejected import', async () => {
    renderView(1);
    await list();
    store.importJson.mockRejectedValueOnce(new AppError('BACKUP_INVALID', 'This file is not a Keyward history export that can be imported: it is not JSON. Nothing was imported.'));
    const input = screen.getByLabelText('History file to import (JSON)') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['nope'], 'bad.json')] } });
    });
    expect((await screen.findByRole('alert')).textContent).toContain('it is not JSON. Nothing was imported.');
    expect(screen.queryByText('3 added, 0 already present.')).toBeNull();
  });

  it('says when there is nothing yet', async () => {
    renderView(0);
    expect(await screen.findByText('No conversations yet.')).toBeTruthy();
  });
});
