// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { bridgeRequestOf, isSelectionRequest, isToolbarChanged, showFromReply, startPageBridge, type RuntimeLike } from '@/src/content/page-bridge';
import { toolbarShownOn } from '@/src/page/toolbar-script';
import { parseToolbarSettings } from '@/src/page/page-settings';

type Listener = Parameters<RuntimeLike['onMessage']['addListener']>[0];

function fakeRuntime(show = false) {
  let listener: Listener | undefined;
  const runtime: RuntimeLike = {
    id: 'ourid',
    onMessage: { addListener: (added) => (listener = added) },
    sendMessage: vi.fn(async (message: unknown) =>
      (message as { type?: string }).type === 'page.toolbarState' ? { ok: true, data: { show } } : { ok: true, data: { opened: true } },
    ),
  };
  const ask = (message: unknown, senderId = 'ourid') => {
    const sendResponse = vi.fn();
    const handled = listener?.(message, { id: senderId }, sendResponse);
    return { handled, sendResponse };
  };
  return { runtime, ask };
}

describe('the toolbar script', () => {
  it('understands exactly two requests, shaped exactly', () => {
    expect(bridgeRequestOf({ channel: 'keyward-page', type: 'page.info' })).toBe('page.info');
    expect(isSelectionRequest({ channel: 'keyward-page', type: 'page.selection' })).toBe(true);
    for (const message of [
      { channel: 'keyward-page', type: 'page.selection', extra: 1 },
      { channel: 'keyward', type: 'page.info' },
      { channel: 'keyward-page', type: 'vault.status' },
      'page.info',
      null,
    ]) {
      expect(bridgeRequestOf(message)).toBeUndefined();
    }
  });

  it('answers only this extension, with the title, URL and (when asked) the selection', () => {
    document.title = 'A page';
    document.body.innerHTML = '<p id="p">Selected words</p>';
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('p') as HTMLElement);
    window.getSelection()?.addRange(range);
    const { runtime, ask } = fakeRuntime();
    startPageBridge(runtime);

    const info = ask({ channel: 'keyward-page', type: 'page.info' });
    expect(info.sendResponse).toHaveBeenCalledWith({ title: 'A page', url: location.href });
    const selection = ask({ channel: 'keyward-page', type: 'page.selection' });
    expect(selection.sendResponse).toHaveBeenCalledWith({ text: 'Selected words', title: 'A page', url: location.href });

    const foreign = ask({ channel: 'keyward-page', type: 'page.selection' }, 'another-extension');
    expect(foreign.handled).toBeUndefined();
    expect(foreign.sendResponse).not.toHaveBeenCalled();
  });

  it('reads no storage: it asks the worker one question, and changes nothing while the answer is no', async () => {
    const { runtime } = fakeRuntime(false);
    const before = document.documentElement.outerHTML;
    startPageBridge(runtime);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runtime.sendMessage).toHaveBeenCalledOnce();
    expect(runtime.sendMessage).toHaveBeenCalledWith({ channel: 'keyward', type: 'page.toolbarState', payload: {} });
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('asks again only when this extension says the settings changed', async () => {
    const { runtime, ask } = fakeRuntime(false);
    startPageBridge(runtime);
    await new Promise((resolve) => setTimeout(resolve, 5));
    ask({ channel: 'keyward-page', type: 'page.toolbarChanged' }, 'another-extension');
    ask({ channel: 'keyward-page', type: 'page.toolbarChanged', extra: 1 });
    expect(runtime.sendMessage).toHaveBeenCalledOnce();
    ask({ channel: 'keyward-page', type: 'page.toolbarChanged' });
    expect(runtime.sendMessage).toHaveBeenCalledTimes(2);
  });

  it('shows the toolbar only for an exact yes', () => {
    expect(showFromReply({ ok: true, data: { show: true } })).toBe(true);
    for (const reply of [undefined, null, { ok: true, data: { show: 'yes' } }, { ok: false, data: { show: true } }, { show: true }]) {
      expect(showFromReply(reply)).toBe(false);
    }
    expect(isToolbarChanged({ channel: 'keyward-page', type: 'page.toolbarChanged' })).toBe(true);
    expect(isToolbarChanged({ channel: 'keyward', type: 'page.toolbarChanged' })).toBe(false);
  });
});

describe('where the toolbar may appear (the worker decides)', () => {
  const on = parseToolbarSettings({ enabled: true, offSites: ['docs.example.com'] });
  it('nowhere unless the user turned it on', () => {
    expect(toolbarShownOn(parseToolbarSettings(undefined), [], 'https://example.com/')).toBe(false);
    expect(toolbarShownOn(parseToolbarSettings({ enabled: 'yes' }), [], 'https://example.com/')).toBe(false);
    expect(toolbarShownOn(parseToolbarSettings({ enabled: false, offSites: [] }), [], 'https://example.com/')).toBe(false);
    expect(toolbarShownOn(on, [], undefined)).toBe(false);
  });
  it('on, it respects its own off list and the never-send list', () => {
    expect(toolbarShownOn(on, ['bank.example'], 'https://example.com/')).toBe(true);
    expect(toolbarShownOn(on, ['bank.example'], 'https://docs.example.com/page')).toBe(false);
    expect(toolbarShownOn(on, ['bank.example'], 'https://www.bank.example/login')).toBe(false);
    expect(toolbarShownOn(parseToolbarSettings({ enabled: true, offSites: 'junk' }), [], 'https://example.com/')).toBe(true);
  });
});
