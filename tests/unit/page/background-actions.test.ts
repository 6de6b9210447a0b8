import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { actionOfItem, onMenuClicked, rebuildMenus, startContextMenus } from '@/src/background/context-menu';
import { openPanelFromToolbar, queueSelectionAction } from '@/src/background/selection-actions';
import { PendingAction, pendingSlot } from '@/src/page/pending-action';
import { AppError } from '@/src/shared/errors';

const session = () => fakeBrowser.storage.session.get(null) as Promise<Record<string, unknown>>;

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('queueing a selection action for the side panel', () => {
  it('stores the text for the window’s panel, in memory-only session storage', async () => {
    expect(await queueSelectionAction({ action: 'explain', text: '  Some text  ', title: 'Page', url: 'https://example.com/a', alsoFrom: [], source: 'menu', windowId: 4, tabId: 9 }, 1000)).toBe('queued');
    const stored = (await session())[pendingSlot(4).key];
    expect(PendingAction.parse(stored)).toMatchObject({ action: 'explain', text: 'Some text', totalChars: 9, url: 'https://example.com/a', source: 'menu', tabId: 9, createdAt: 1000 });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('refuses never-send sites, the frame’s site included, and keeps only a notice', async () => {
    await fakeBrowser.storage.local.set({ neverSendSites: ['bank.example'] });
    expect(await queueSelectionAction({ action: 'summarize', text: 'IBAN 123', title: 'Bank', url: 'https://www.bank.example/', alsoFrom: [], source: 'menu', windowId: 1 })).toBe('blocked');
    expect(await queueSelectionAction({ action: 'summarize', text: 'IBAN 123', title: 'Blog', url: 'https://blog.test/', alsoFrom: ['https://widget.bank.example/frame'], source: 'menu', windowId: 2 })).toBe('blocked');
    const stored = await session();
    expect(JSON.stringify(stored)).not.toContain('IBAN');
    expect(stored[pendingSlot(1).key]).toMatchObject({ blocked: true, site: 'www.bank.example' });
    expect(stored[pendingSlot(2).key]).toMatchObject({ blocked: true, site: 'widget.bank.example' });
  });

  it('caps very long selections', async () => {
    await queueSelectionAction({ action: 'ask', text: 'x'.repeat(250_000), title: '', url: 'https://example.com/', alsoFrom: [], source: 'menu', windowId: 3 });
    const stored = PendingAction.parse((await session())[pendingSlot(3).key]);
    expect(stored.text).toHaveLength(200_000);
    expect(stored.totalChars).toBe(250_000);
  });
});

describe('context menu', () => {
  it('maps menu items to actions and nothing else', () => {
    expect(actionOfItem('keyward-action:translate')).toEqual({ action: 'translate' });
    expect(actionOfItem('keyward-prompt:abc')).toEqual({ action: 'prompt', promptId: 'abc' });
    expect(actionOfItem('keyward-action:prompt')).toBeUndefined();
    expect(actionOfItem('keyward-prompt:')).toBeUndefined();
    expect(actionOfItem('keyward-open-panel')).toBeUndefined();
    expect(actionOfItem('other')).toBeUndefined();
  });

  it('a click opens the panel first, then queues the text the browser reported as selected', async () => {
    const open = vi.fn(async () => undefined);
    (fakeBrowser as unknown as { sidePanel: unknown }).sidePanel = { open };
    onMenuClicked(
      { menuItemId: 'keyward-action:summarize', selectionText: 'What the browser saw', pageUrl: 'https://example.com/p', editable: false },
      { id: 12, windowId: 5, title: 'Example' } as Parameters<typeof onMenuClicked>[1],
    );
    expect(open).toHaveBeenCalledExactlyOnceWith({ windowId: 5 });
    await vi.waitFor(async () => expect((await session())[pendingSlot(5).key]).toBeDefined());
    expect((await session())[pendingSlot(5).key]).toMatchObject({ action: 'summarize', text: 'What the browser saw', title: 'Example', tabId: 12, source: 'menu' });
    delete (fakeBrowser as unknown as { sidePanel?: unknown }).sidePanel;
  });

  it('builds the items, with the translation language and the user’s prompts', async () => {
    const created: { id: string; title?: string; contexts?: string[]; parentId?: string }[] = [];
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Keyward', version: '1' });
    vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockImplementation(async () => undefined);
    vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation(((properties: (typeof created)[number], done?: () => void) => {
      created.push(properties);
      done?.();
      return properties.id;
    }) as unknown as typeof fakeBrowser.contextMenus.create);
    await fakeBrowser.storage.local.set({ translateLanguage: 'fr', promptLibrary: [{ id: 'p1', name: 'Make it rhyme', text: 'Rewrite as a poem.' }, { bad: true }] });
    await rebuildMenus();
    expect(created.map((item) => item.id)).toEqual([
      'keyward-open-panel',
      'keyward-selection',
      'keyward-action:explain',
      'keyward-action:summarize',
      'keyward-action:translate',
      'keyward-action:ask',
      'keyward-separator',
      'keyward-prompt:p1',
    ]);
    expect(created.find((item) => item.id === 'keyward-action:translate')?.title).toBe('Translate into French');
    expect(created.find((item) => item.id === 'keyward-open-panel')?.contexts).toEqual(['page', 'action']);
    expect(created.filter((item) => item.parentId === 'keyward-selection').every((item) => item.contexts?.join() === 'selection')).toBe(true);
  });
});

describe('when the menu is built', () => {
  it('not at a worker wake (Chrome keeps the items), but at install, update and browser start', async () => {
    const removeAll = vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockImplementation(async () => undefined);
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Keyward', version: '1' });
    vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation(((_: unknown, done?: () => void) => {
      done?.();
      return '';
    }) as unknown as typeof fakeBrowser.contextMenus.create);
    vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    startContextMenus();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(removeAll).not.toHaveBeenCalled();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' } as Parameters<Parameters<typeof fakeBrowser.runtime.onInstalled.addListener>[0]>[0]);
    await vi.waitFor(() => expect(removeAll).toHaveBeenCalledTimes(1));
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(() => expect(removeAll).toHaveBeenCalledTimes(2));
  });
});

describe('the toolbar’s one message', () => {
  const request = { action: 'explain' as const, text: 'Selected', title: 'Page', url: 'https://example.com/page' };

  async function tab() {
    return fakeBrowser.tabs.create({ url: 'https://example.com/page' });
  }

  it('is refused while the toolbar is off (the default)', async () => {
    const { id } = await tab();
    await expect(openPanelFromToolbar(request, { sender: 'content-script', tabId: id })).rejects.toThrow(AppError);
    expect(await session()).toEqual({});
  });

  it('is refused on never-send sites and on the toolbar’s off list', async () => {
    const { id } = await tab();
    await fakeBrowser.storage.local.set({ selectionToolbar: { enabled: true, offSites: [] }, neverSendSites: ['example.com'] });
    await expect(openPanelFromToolbar(request, { sender: 'content-script', tabId: id })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await fakeBrowser.storage.local.set({ selectionToolbar: { enabled: true, offSites: ['example.com'] }, neverSendSites: [] });
    await expect(openPanelFromToolbar(request, { sender: 'content-script', tabId: id })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(JSON.stringify(await session())).not.toContain('Selected');
  });

  it('queues the selection as a toolbar action, which the panel never runs by itself', async () => {
    const created = await tab();
    await fakeBrowser.storage.local.set({ selectionToolbar: { enabled: true, offSites: [] } });
    expect(await openPanelFromToolbar(request, { sender: 'content-script', tabId: created.id })).toEqual({ opened: false });
    const stored = PendingAction.parse((await session())[pendingSlot(created.windowId as number).key]);
    expect(stored).toMatchObject({ action: 'explain', text: 'Selected', source: 'toolbar', tabId: created.id });
  });

  it('needs a tab', async () => {
    await expect(openPanelFromToolbar(request, { sender: 'content-script' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
