import { browser, type Browser } from './browser.ts';
import { isManifestV2 } from './runtime.ts';
import type { TabSnapshot } from './tabs.ts';

/** The browser's context menu (`contextMenus`; Firefox also names it `menus`). */

/** Where an item shows: `action` is the toolbar button's menu (`browser_action` in Manifest V2). */
export type MenuContext = 'page' | 'selection' | 'action';

export interface MenuItem {
  id: string;
  title?: string;
  parentId?: string;
  type?: 'normal' | 'separator';
  contexts: MenuContext[];
}

/** What the browser reports about a click on one of our items (the selected text included). */
export type MenuClick = Browser.contextMenus.OnClickData;

/** Adds an item; resolves once the browser has it. A duplicate id (after a race) is harmless and ignored. */
export function createMenuItem({ contexts, ...item }: MenuItem): Promise<void> {
  const action = isManifestV2() ? 'browser_action' : 'action';
  const properties = {
    ...item,
    contexts: contexts.map((context) => (context === 'action' ? action : context)),
  } as Browser.contextMenus.CreateProperties;
  return new Promise((resolve) => {
    browser.contextMenus.create(properties, () => {
      // Read lastError so the browser does not log it.
      void browser.runtime.lastError;
      resolve();
    });
  });
}

/** Removes every item of this extension. */
export function removeAllMenuItems(): Promise<void> {
  return browser.contextMenus.removeAll();
}

/** Calls `listener` on a click on one of our items. Add it synchronously at the worker's start. */
export function onMenuItemClicked(listener: (click: MenuClick, tab?: TabSnapshot) => void): void {
  browser.contextMenus.onClicked.addListener(listener);
}
