import { browser } from '@/src/platform/browser';

/**
 * Drops the `Origin` header from the requests the extension itself makes to a few exact origins
 * (the local model servers the user configured), so that a server which refuses browser
 * extensions' origins, as Ollama does by default, answers without any change to its settings.
 * Requests from web pages keep their Origin: the server still refuses those.
 *
 * Chrome: `declarativeNetRequest` session rules, one per origin, each matching only
 * - that origin's URLs, port included (`urlFilter` anchored at the start: `|http://127.0.0.1:11434/`),
 * - requests whose initiator is this extension (`initiatorDomains: [runtime.id]`) and that belong
 *   to no tab (`tabIds: [TAB_ID_NONE]`: the worker; a web page always has a tab or its own origin),
 * - fetches (`xmlhttprequest`, and `other` which some Chromium versions report for a worker's fetch).
 * Session rules, not dynamic ones: they live as long as the browser session (a worker restart
 * keeps them), vanish at a browser restart or an extension update, and are rebuilt from the key
 * list at every worker start. Nothing outlives the key list the user sees, and `tabIds` (the
 * "not a page" condition) is only accepted on session rules. `declarativeNetRequestWithHostAccess`
 * (no install warning) acts only where the extension holds host access: a server the user did not
 * grant gets no rule effect, whatever the list says.
 *
 * Firefox (Manifest V2): a blocking `webRequest.onBeforeSendHeaders` listener on the same origins
 * that removes the header only when the request comes from this extension's own background page
 * (`originUrl` under our `moz-extension://` base) and no tab. Firefox's match patterns have no
 * port, so the listener compares the exact origin itself.
 */

/** Chrome's rule ids start here; every session rule of this extension is one of these. */
const FIRST_RULE_ID = 1;
const TAB_ID_NONE = -1;

interface SessionRule {
  id: number;
  priority: number;
  action: { type: 'modifyHeaders'; requestHeaders: { header: string; operation: 'remove' }[] };
  condition: { urlFilter: string; initiatorDomains: string[]; tabIds: number[]; resourceTypes: ('xmlhttprequest' | 'other')[] };
}

interface DnrApi {
  getSessionRules(): Promise<{ id: number }[]>;
  updateSessionRules(options: { removeRuleIds: number[]; addRules: SessionRule[] }): Promise<void>;
}

interface HeaderDetails {
  url: string;
  tabId: number;
  originUrl?: string;
  requestHeaders?: { name: string; value?: string }[];
}
type HeaderListener = (details: HeaderDetails) => { requestHeaders?: HeaderDetails['requestHeaders'] } | undefined;
interface WebRequestApi {
  onBeforeSendHeaders: {
    addListener(listener: HeaderListener, filter: { urls: string[] }, extra: string[]): void;
    removeListener(listener: HeaderListener): void;
  };
}

const apis = () => browser as unknown as { declarativeNetRequest?: DnrApi; webRequest?: WebRequestApi };

/** The session rules for these origins (exported for the unit test). */
export function sessionRulesFor(origins: readonly string[], extensionId: string): SessionRule[] {
  return origins.map((origin, index) => ({
    id: FIRST_RULE_ID + index,
    priority: 1,
    action: { type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] },
    condition: { urlFilter: `|${origin}/`, initiatorDomains: [extensionId], tabIds: [TAB_ID_NONE], resourceTypes: ['xmlhttprequest', 'other'] },
  }));
}

let firefoxListener: HeaderListener | undefined;

/** A Firefox header listener for these origins: our own background's requests only (exported for the unit test). */
export function firefoxHeaderListener(origins: readonly string[], extensionBase: string): HeaderListener {
  const exact = new Set(origins);
  return (details) => {
    if (details.tabId !== TAB_ID_NONE || !details.originUrl?.startsWith(extensionBase)) return undefined;
    let origin: string;
    try {
      origin = new URL(details.url).origin;
    } catch {
      return undefined;
    }
    if (!exact.has(origin) || !details.requestHeaders) return undefined;
    return { requestHeaders: details.requestHeaders.filter((header) => header.name.toLowerCase() !== 'origin') };
  };
}

// Written as `….declarativeNetRequest.updateSessionRules` and `….webRequest.onBeforeSendHeaders` so
// that the store-readiness test finds each use of a permission-gated API in the bundle; the build
// for each browser keeps only its own branch (import.meta.env.BROWSER), and declares only its permission.
export async function stripExtensionOrigin(origins: readonly string[]): Promise<void> {
  if (import.meta.env.BROWSER === 'firefox') {
    replaceFirefoxListener(origins);
    return;
  }
  const api = apis();
  if (!api.declarativeNetRequest) return;
  const existing = await api.declarativeNetRequest.getSessionRules();
  await api.declarativeNetRequest.updateSessionRules({
    removeRuleIds: existing.map((rule) => rule.id),
    addRules: sessionRulesFor(origins, browser.runtime.id),
  });
}

function replaceFirefoxListener(origins: readonly string[]): void {
  const api = apis();
  if (!api.webRequest) return;
  if (firefoxListener) api.webRequest.onBeforeSendHeaders.removeListener(firefoxListener);
  firefoxListener = undefined;
  if (origins.length === 0) return;
  firefoxListener = firefoxHeaderListener(origins, browser.runtime.getURL('/'));
  const urls = [...new Set(origins.map((origin) => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`))];
  api.webRequest.onBeforeSendHeaders.addListener(firefoxListener, { urls }, ['blocking', 'requestHeaders']);
}
