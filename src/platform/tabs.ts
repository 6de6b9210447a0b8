import { browser } from '@/src/platform/browser';

/** Tabs and windows, as the side panel and the selection toolbar use them. */

export interface TabSnapshot {
  id?: number;
  url?: string;
  title?: string;
  active?: boolean;
  windowId?: number;
  lastAccessed?: number;
}

/** The current window's id (the side panel's or popup's own), or undefined when the browser gives none. */
export async function currentWindowId(): Promise<number | undefined> {
  try {
    return (await browser.windows.getCurrent()).id;
  } catch {
    return undefined;
  }
}

export function queryTabs(query: { active?: boolean; windowId?: number }): Promise<TabSnapshot[]> {
  return browser.tabs.query(query);
}

export function getTab(tabId: number): Promise<TabSnapshot> {
  return browser.tabs.get(tabId);
}

/** Sends a message to the top frame of a tab (our content script there answers only this extension). */
export function sendToTab(tabId: number, message: unknown): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message, { frameId: 0 });
}

/** Whether a URL is one of this extension's own pages. */
export function isExtensionUrl(url: string | undefined): boolean {
  return url !== undefined && url.startsWith(browser.runtime.getURL('/'));
}

export interface TabWatcher {
  onActivated(info: { tabId: number; windowId: number }): void;
  onUpdated(tabId: number, change: { status?: string; url?: string; title?: string }, tab: TabSnapshot): void;
  onRemoved(tabId: number): void;
}

/** Follows tab switches, navigations and closes. Returns the unsubscribe. */
export function watchTabs(watcher: TabWatcher): () => void {
  const { onActivated, onUpdated, onRemoved } = watcher;
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);
  return () => {
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
    browser.tabs.onRemoved.removeListener(onRemoved);
  };
}

interface InjectionResult {
  result?: unknown;
}

/**
 * Runs one of the extension's script files in a tab's top frame and returns its result: with
 * `scripting.executeScript`, or `tabs.executeScript` in older Firefox without `scripting` in
 * Manifest V2. Rejects when the browser refuses access to the tab.
 */
export async function runScriptFile(tabId: number, file: string): Promise<unknown> {
  const api = browser as unknown as {
    scripting?: { executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<InjectionResult[]> };
    tabs: { executeScript?(tabId: number, details: { file: string }): Promise<unknown[]> };
  };
  if (api.scripting?.executeScript) {
    const results = await api.scripting.executeScript({ target: { tabId }, files: [file] });
    return results[0]?.result;
  }
  const results = (await api.tabs.executeScript?.(tabId, { file })) ?? [];
  return results[0];
}

/** Opens one of the extension's pages in a new tab. */
export function openExtensionPageInTab(path: string): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(path as '/options.html') });
}

/** Opens the options page (or focuses it). */
export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}
