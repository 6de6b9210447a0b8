import type { ExtensionIdentity, SenderInfo } from '@/src/messaging/sender';
import type { Rng } from './prng';

/**
 * Random `MessageSender`s as the browser could report them, for the router fuzzer: our pages,
 * our content script, other extensions, web pages, and near-misses of each (look-alike ids, URLs
 * that only resemble our pages, mismatched origins, odd schemes).
 */

export type FuzzSender = SenderInfo & { tab?: { id?: number } };

const OTHER_ID = 'abcdefghijklmnopabcdefghijklmnop';
const PAGES = ['/options.html', '/popup.html', '/sidepanel.html'];
/** The hidden page (Chrome's offscreen document, Firefox's frame of the background page): never in a tab; it may only embed. */
const HIDDEN_PAGE = '/model-host.html';

function pathVariants(rng: Rng): string {
  return rng.pick([
    ...PAGES,
    HIDDEN_PAGE,
    '/MODEL-HOST.HTML',
    '/model-host.html?x',
    '/background.js',
    '/page-extract.js',
    '/page-bridge.js',
    '/options.html.evil',
    '/OPTIONS.HTML',
    '//options.html',
    '/sub/../options.html',
    '/options.html/',
    '/options.html%00',
    '/options.html?from=web',
    '/options.html#x',
    '/',
    '',
    `/${rng.text(12)}`,
  ]);
}

export function randomSender(rng: Rng, self: ExtensionIdentity): FuzzSender {
  // A fair share of exact, well-formed senders, so every branch of the router is reached often.
  const roll = rng.next();
  if (roll < 0.12) return { id: self.id, url: `${self.origin}${rng.pick(PAGES)}`, origin: self.origin };
  // The hidden page, and now and then the same file opened in a tab (not the hidden page).
  if (roll < 0.17) return { id: self.id, url: `${self.origin}${HIDDEN_PAGE}`, origin: self.origin, ...(rng.chance(0.3) ? { tab: { id: rng.int(1, 500) } } : {}) };
  if (roll < 0.3) return { id: self.id, url: 'https://example.com/article', origin: 'https://example.com', tab: { id: rng.int(1, 500) }, frameId: rng.pick([0, 3]) };
  const id = rng.pick<string | undefined>([self.id, self.id, self.id, OTHER_ID, self.id.toUpperCase(), `${self.id}x`, '', undefined]);
  const ourBase = rng.pick([self.origin, self.origin.toUpperCase(), `${self.origin}.evil.example`, `chrome-extension://${OTHER_ID}`, `moz-extension://${self.id}`]);
  const url = rng.pick<string | undefined>([
    `${ourBase}${pathVariants(rng)}`,
    `${self.origin}${pathVariants(rng)}`,
    rng.pick(['https://example.com/', 'http://127.0.0.1:8080/a', 'file:///tmp/a.html', 'data:text/html,hi', 'about:blank', 'blob:https://example.com/1', 'javascript:alert(1)', 'ftp://x/', 'chrome://settings/']),
    `https://${self.id}/options.html`,
    'not a url',
    '',
    undefined,
  ]);
  const sender: FuzzSender = {};
  if (id !== undefined) sender.id = id;
  if (url !== undefined) sender.url = url;
  if (rng.chance(0.6)) sender.origin = rng.pick([self.origin, 'null', 'https://example.com', `chrome-extension://${OTHER_ID}`, url ?? '']);
  if (rng.chance(0.5)) sender.tab = rng.chance(0.9) ? { id: rng.int(1, 500) } : {};
  if (rng.chance(0.5)) sender.frameId = rng.pick([0, 0, 1, 7]);
  return sender;
}

/** The only senders allowed to run pages-only messages: our own three pages, as the browser reports them. */
export function isOurPage(sender: FuzzSender, self: ExtensionIdentity): boolean {
  if (sender.id !== self.id || sender.url === undefined || !sender.url.startsWith(`${self.origin}/`)) return false;
  if (sender.origin !== undefined && sender.origin !== self.origin) return false;
  return PAGES.includes(new URL(sender.url).pathname);
}

/** The hidden page, as the browser reports it: our id and origin, its one path, and no tab. */
export function isOurHiddenPage(sender: FuzzSender, self: ExtensionIdentity): boolean {
  if (sender.id !== self.id || sender.url === undefined || !sender.url.startsWith(`${self.origin}/`) || sender.tab !== undefined) return false;
  if (sender.origin !== undefined && sender.origin !== self.origin) return false;
  return new URL(sender.url).pathname === HIDDEN_PAGE;
}

/** Our content script: our id, in a tab, at a web or file URL. */
export function isOurContentScript(sender: FuzzSender, self: ExtensionIdentity): boolean {
  if (sender.id !== self.id || sender.tab === undefined || sender.url === undefined || isOurPage(sender, self)) return false;
  if (sender.url.startsWith(`${self.origin}/`)) return false;
  try {
    return ['http:', 'https:', 'file:'].includes(new URL(sender.url).protocol);
  } catch {
    return false;
  }
}
