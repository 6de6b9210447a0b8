import { browser } from '@/src/platform/browser';
import { currentWindowId } from '@/src/platform/tabs';

/**
 * Chrome's `sidePanel` (Chromium browsers) and Firefox's `sidebarAction` (it opens the sidebar of
 * the window that has the user's gesture), read through the browser object so tests can swap it.
 * Called as `….sidePanel.open(…)` / `….sidebarAction.open()`, so the store-readiness test finds
 * each use in the bundle.
 */
interface PanelApis {
  sidePanel?: { open(options: { windowId: number } | { tabId: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
}
const apis = (): PanelApis => browser as unknown as PanelApis;
const hasChromeSidePanel = (): boolean => typeof apis().sidePanel?.open === 'function';
const hasFirefoxSidebar = (): boolean => typeof apis().sidebarAction?.open === 'function';

/** Whether this browser has a side panel or sidebar Keyward can open. */
export function canOpenSidePanel(): boolean {
  return hasChromeSidePanel() || hasFirefoxSidebar();
}

/** Where to open the panel: a window or a tab's window (Firefox's sidebar opens where the gesture is). */
export type PanelTarget = { windowId: number } | { tabId: number };

/**
 * Opens Keyward's side panel: Chrome's `sidePanel` where it exists, else Firefox's `sidebarAction`
 * (a browser with both is Chromium-based, whose sidePanel is the one its manifest declares). Both
 * browsers accept this only during a user gesture (a click in an extension page, a context-menu
 * click, a keyboard command), so call it synchronously in the handler, before any `await`.
 */
export function openSidePanel(target: PanelTarget): Promise<void> {
  try {
    if (hasChromeSidePanel()) return apis().sidePanel!.open('tabId' in target ? { tabId: target.tabId } : { windowId: target.windowId });
    if (hasFirefoxSidebar()) return apis().sidebarAction!.open();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return Promise.reject(new Error('This browser has no side panel.'));
}

/**
 * The popup's opener: its window, fetched ahead so the call stays inside the click. Not known yet,
 * Chrome needs the current window first (and may by then refuse for lack of a gesture); Firefox's
 * sidebar needs no window and opens at once.
 */
export function openSidePanelInWindow(windowId: number | undefined): Promise<void> {
  // Without a window only Firefox (or no browser with a panel) gets here, and Firefox ignores it.
  if (windowId !== undefined || !hasChromeSidePanel()) return openSidePanel({ windowId: windowId ?? -1 });
  return currentWindowId().then((id) => (id === undefined ? Promise.reject(new Error('No window.')) : openSidePanel({ windowId: id })));
}
