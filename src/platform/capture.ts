import { browser } from '@/src/platform/browser';

/**
 * Screenshots of a tab (`tabs.captureVisibleTab`): the visible part of the active tab of a window,
 * at the screen's pixel density, as a PNG data URL.
 *
 * It needs `activeTab` for that tab (granted when the user opens Keyward from it: toolbar button,
 * context menu, keyboard shortcut) or the `<all_urls>` host permission, in Chromium and in Firefox
 * 126+; a host permission for the site alone is not enough. Keyward asks for no new permission:
 * README.md, "Permissions", says why.
 */

/** Chromium allows two captures a second per extension; a third within the second is refused with this. */
const RATE_LIMITED = /MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/;

export async function captureVisibleTabPng(windowId: number): Promise<string> {
  const capture = () => browser.tabs.captureVisibleTab(windowId, { format: 'png' });
  try {
    return await capture();
  } catch (error) {
    if (!RATE_LIMITED.test(error instanceof Error ? error.message : String(error))) throw error;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return capture();
  }
}

/** Whether an error of `captureVisibleTabPng` (or an injection) says the extension lacks access to the tab. */
export function isAccessRefusal(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /activeTab|<all_urls>|permission|Cannot access contents of|Missing host permission/i.test(message);
}
