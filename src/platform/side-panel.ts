import { browser } from '@/src/platform/browser';
import { currentWindowId } from '@/src/platform/tabs';

/** Chrome's `sidePanel` (Chromium browsers), read through the browser object so tests can swap it. */
interface ChromeSidePanel {
  open(options: { windowId: number } | { tabId: number }): Promise<void>;
}
/** Firefox's `sidebarAction`: it opens the sidebar of the window that has the user's gesture. */
interface FirefoxSidebarAction {
  open(): Promise<void>;
}

function chromeSidePanel(): ChromeSidePanel | undefined {
  const api = (browser as unknown as { sidePanel?: Partial<ChromeSidePanel> }).sidePanel;
  return typeof api?.open === 'function' ? (api as ChromeSidePanel) : undefined;
}

function firefoxSidebar(): FirefoxSidebarAction | undefined {
  const api = (browser as unknown as { sidebarAction?: Partial<FirefoxSidebarAction> }).sidebarAction;
  return typeof api?.open === 'function' ? (api as FirefoxSidebarAction) : undefined;
}

/** Whether this browser has a side panel or sidebar Keyward can open. */
export function canOpenSidePanel(): boolean {
  return chromeSidePanel() !== undefined || firefoxSidebar() !== undefined;
}

/** Where to open the panel: a window, a tab's window, or (no id known yet) the current window. */
export type PanelTarget = { windowId?: number } | { tabId: number };

/**
 * Opens Keyward's side panel: Chrome's `sidePanel` where it exists, else Firefox's `sidebarAction`
 * (a browser with both is Chromium-based, whose sidePanel is the one its manifest declares). Both
 * browsers accept this only during a user gesture (a click in an extension page, a context-menu
 * click, a keyboard command), so call it synchronously in the handler, before any `await`. Without a
 * window or tab id Chrome needs the current window first, and may by then refuse for lack of a gesture.
 */
export function openSidePanel(target: PanelTarget): Promise<void> {
  try {
    const chrome = chromeSidePanel();
    if (chrome) {
      if ('tabId' in target) return chrome.open({ tabId: target.tabId });
      if (target.windowId !== undefined) return chrome.open({ windowId: target.windowId });
      return currentWindowId().then((id) => (id === undefined ? Promise.reject(new Error('No window.')) : chrome.open({ windowId: id })));
    }
    const firefox = firefoxSidebar();
    if (firefox) return firefox.open();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return Promise.reject(new Error('This browser has no side panel.'));
}
