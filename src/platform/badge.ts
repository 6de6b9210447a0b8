import { browser } from '@/src/platform/browser';

/**
 * Sets the toolbar button's badge (`action` in Manifest V3, `browserAction` in Firefox's V2), and
 * its background colour when one is given. Rejects where the context has no badge API.
 */
export async function setToolbarBadge(text: string, color?: string): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ text });
  if (color !== undefined) await action.setBadgeBackgroundColor({ color });
}
