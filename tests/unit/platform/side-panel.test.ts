import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { canOpenSidePanel, openSidePanel, openSidePanelInWindow } from '@/src/platform/side-panel';

/** The one opener of the side panel (background and popup): Chrome's sidePanel first, Firefox's sidebarAction second. */
function install(apis: { sidePanel?: boolean; sidebarAction?: boolean }) {
  const chrome = vi.fn(async (_options: { windowId: number } | { tabId: number }) => undefined);
  const firefox = vi.fn(async () => undefined);
  if (apis.sidePanel) Reflect.set(fakeBrowser, 'sidePanel', { open: chrome });
  if (apis.sidebarAction) Reflect.set(fakeBrowser, 'sidebarAction', { open: firefox });
  return { chrome, firefox };
}

afterEach(() => {
  Reflect.deleteProperty(fakeBrowser, 'sidePanel');
  Reflect.deleteProperty(fakeBrowser, 'sidebarAction');
});

describe('openSidePanel', () => {
  test("uses Chrome's sidePanel when a browser has both APIs", async () => {
    const { chrome, firefox } = install({ sidePanel: true, sidebarAction: true });
    await openSidePanel({ windowId: 3 });
    expect(chrome).toHaveBeenCalledWith({ windowId: 3 });
    expect(firefox).not.toHaveBeenCalled();
  });

  test("passes a tab to Chrome's sidePanel as the tab", async () => {
    const { chrome } = install({ sidePanel: true });
    await openSidePanel({ tabId: 12 });
    expect(chrome).toHaveBeenCalledWith({ tabId: 12 });
  });

  test('calls the API synchronously, inside the user gesture', () => {
    const { chrome } = install({ sidePanel: true });
    void openSidePanel({ windowId: 3 });
    expect(chrome).toHaveBeenCalledTimes(1);
  });

  test("the popup's opener: a window not known yet is looked up for Chrome", async () => {
    const { chrome } = install({ sidePanel: true });
    vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 9 } as never);
    await openSidePanelInWindow(undefined);
    expect(chrome).toHaveBeenCalledWith({ windowId: 9 });
  });

  test("the popup's opener: a known window opens at once, and Firefox needs none", async () => {
    const { chrome, firefox } = install({ sidePanel: true });
    void openSidePanelInWindow(4);
    expect(chrome).toHaveBeenCalledWith({ windowId: 4 });
    Reflect.deleteProperty(fakeBrowser, 'sidePanel');
    Reflect.set(fakeBrowser, 'sidebarAction', { open: firefox });
    void openSidePanelInWindow(undefined);
    expect(firefox).toHaveBeenCalledTimes(1);
  });

  test("falls back to Firefox's sidebarAction where there is no sidePanel", async () => {
    const { firefox } = install({ sidebarAction: true });
    await openSidePanel({ tabId: 12 });
    expect(firefox).toHaveBeenCalledTimes(1);
  });

  test('rejects, without throwing, where neither API exists', async () => {
    expect(canOpenSidePanel()).toBe(false);
    await expect(openSidePanel({ windowId: 1 })).rejects.toThrow('no side panel');
  });

  test('a throwing API becomes a rejected promise', async () => {
    Reflect.set(fakeBrowser, 'sidePanel', {
      open: () => {
        throw new Error('user gesture required');
      },
    });
    await expect(openSidePanel({ windowId: 1 })).rejects.toThrow('user gesture required');
  });

  test('canOpenSidePanel sees either API', () => {
    install({ sidebarAction: true });
    expect(canOpenSidePanel()).toBe(true);
  });
});
