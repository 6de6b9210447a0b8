import type { SenderKind } from './protocol';
import { MODEL_HOST_PAGE } from '@/src/local-model/host-protocol';

/** The extension's own pages that may use privileged messages. */
export const EXTENSION_PAGES = ['/options.html', '/popup.html', '/sidepanel.html'] as const;

export type SenderClass = SenderKind | 'foreign' | 'unknown';

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
  frameId?: number;
}

export interface ExtensionIdentity {
  id: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, without a trailing slash. */
  origin: string;
}

function parseUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Decides who sent a runtime message from what the browser itself reports (not from anything in
 * the message). Another extension has a different id; a web page cannot message us at all
 * (no externally_connectable); our content script runs in a tab at a web URL.
 */
export function classifySender(sender: SenderInfo, self: ExtensionIdentity): SenderClass {
  if (sender.id !== self.id) return 'foreign';
  const url = parseUrl(sender.url);
  if (!url || !sender.url) return 'unknown';
  // URL.origin is "null" for extension schemes in some engines, so compare the prefix.
  if (sender.url.startsWith(`${self.origin}/`)) {
    if (sender.origin !== undefined && sender.origin !== self.origin) return 'unknown';
    if ((EXTENSION_PAGES as readonly string[]).includes(url.pathname)) return 'extension-page';
    // The hidden page (src/platform/hidden-page.ts: Chrome's offscreen document, Firefox's frame of
    // the background page), never in a tab: the same file opened in one is not it.
    return url.pathname === MODEL_HOST_PAGE && sender.tab === undefined ? 'hidden-page' : 'unknown';
  }
  if (sender.tab !== undefined && /^(https?|file):$/.test(url.protocol)) return 'content-script';
  return 'unknown';
}
