import { requestOrigins } from '@/src/platform/permissions';
import { isExtensionUrl, queryTabs, runScriptFile, sendToTab } from '@/src/platform/tabs';
import { PageExtractResult } from '@/src/page/extract-result';
import { matchesAnySite } from '@/src/page/site-match';

/**
 * The side panel's reading of tabs (the browser calls are in src/platform/tabs.ts): which tab it is about, and reading that tab's page when the
 * user clicks "Use this page".
 *
 * Reading injects page-extract.js with `scripting.executeScript`. Chromium allows that only with a
 * host permission for the tab: `activeTab` (granted when the user opened Keyward from the toolbar
 * button, the context menu or the keyboard shortcut on that tab), a host permission of the
 * manifest (local servers), or one the user grants here for the site. The `<all_urls>` content
 * script does not count (see tests/e2e/side-panel.spec.ts).
 */

export interface TabInfo {
  tabId: number;
  /** Unknown when the browser hides it (no access yet) and the page's bridge did not answer. */
  url?: string;
  title?: string;
}

export type ReadOutcome =
  | { ok: true; extract: PageExtractResult & { tabId: number } }
  | { ok: false; reason: 'blocked'; site: string }
  | { ok: false; reason: 'needs-access'; site: string; origin: string }
  | { ok: false; reason: 'hidden' | 'cannot-read' | 'empty' | 'failed' };

export function siteOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** The match pattern to ask access for: the page's scheme and host, any port (http and https only). */
export function originPatternOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return `${parsed.protocol}//${parsed.hostname}/*`;
  } catch {
    return undefined;
  }
}

/** Asks our content script in the tab for its title and URL (it answers only this extension). */
async function bridgeInfo(tabId: number): Promise<{ url?: string; title?: string }> {
  try {
    const reply = await sendToTab(tabId, { channel: 'keyward-page', type: 'page.info' });
    if (typeof reply !== 'object' || reply === null) return {};
    const { url, title } = reply as { url?: unknown; title?: unknown };
    return { ...(typeof url === 'string' ? { url: url.slice(0, 4096) } : {}), ...(typeof title === 'string' ? { title: title.slice(0, 500) } : {}) };
  } catch {
    return {};
  }
}

/** Describes a tab: what the browser shows us, else what our content script reports. */
export async function describeTab(tab: { id?: number; url?: string; title?: string }): Promise<TabInfo | undefined> {
  if (tab.id === undefined || tab.id < 0) return undefined;
  const info: TabInfo = { tabId: tab.id };
  if (tab.url) info.url = tab.url;
  if (tab.title) info.title = tab.title;
  if (info.url === undefined || info.title === undefined) {
    const reported = await bridgeInfo(tab.id);
    info.url ??= reported.url;
    info.title ??= reported.title;
  }
  return info;
}

/** Whether a tab is one of this extension's own pages (the panel opened as a tab, the options page). */
export function isOwnTab(tab: { url?: string }): boolean {
  return isExtensionUrl(tab.url);
}

/**
 * The tab the panel of a window is about: the active one, or, when that is one of our own pages
 * (the panel opened in a tab), the web page used most recently in the window.
 */
export async function currentTab(windowId: number): Promise<TabInfo | undefined> {
  const [active] = await queryTabs({ active: true, windowId });
  if (active && !isOwnTab(active)) return describeTab(active);
  const others = (await queryTabs({ windowId })).filter((tab) => !tab.active && !isOwnTab(tab));
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0] ? describeTab(others[0]) : undefined;
}

function accessRefused(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /permission|Cannot access contents of/i.test(message);
}

/**
 * Reads the tab's selection or readable page. Refuses sites on the never-send list, before reading
 * when the URL is known and again with the URL the page reported.
 */
export async function readTab(tab: TabInfo, neverSend: readonly string[]): Promise<ReadOutcome> {
  if (tab.url !== undefined && matchesAnySite(tab.url, neverSend)) return { ok: false, reason: 'blocked', site: siteOf(tab.url) };
  let raw: unknown;
  try {
    raw = await runScriptFile(tab.tabId, '/page-extract.js');
  } catch (error) {
    const origin = originPatternOf(tab.url);
    if (origin !== undefined && accessRefused(error)) return { ok: false, reason: 'needs-access', site: siteOf(tab.url), origin };
    // The browser hides the address of a tab Keyward has no access to: opening Keyward from that
    // tab (activeTab) is the way to let it read the page.
    if (tab.url === undefined && accessRefused(error)) return { ok: false, reason: 'hidden' };
    return { ok: false, reason: 'cannot-read' };
  }
  const parsed = PageExtractResult.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'failed' };
  const extract = parsed.data;
  if (matchesAnySite(extract.url, neverSend)) return { ok: false, reason: 'blocked', site: siteOf(extract.url) };
  if (extract.text.trim() === '') return { ok: false, reason: 'empty' };
  return { ok: true, extract: { ...extract, tabId: tab.tabId } };
}

/**
 * Asks the user for access to a site. Call it first thing in a click handler: browsers show the
 * prompt only during a user gesture.
 */
export function requestSiteAccess(origin: string): Promise<boolean> {
  return requestOrigins([origin]).catch(() => false);
}
