import { browser } from './browser.ts';

/** The extension's own runtime: URLs of its files, and its start-up events. */

/** The URL of one of the extension's files (`/catalog.json` → `chrome-extension://…/catalog.json`). */
export function extensionUrl(path: `/${string}`): string {
  return browser.runtime.getURL(path as '/');
}

/** The extension's id and origin (`chrome-extension://<id>`, no trailing slash), which a sender check compares against. */
export function extensionIdentity(): { id: string; origin: string } {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('/').replace(/\/$/, '') };
}

/** Whether this build runs as Manifest V2 (Firefox's event page) rather than V3. */
export function isManifestV2(): boolean {
  return browser.runtime.getManifest().manifest_version === 2;
}

/** Calls `listener` when the extension is installed or updated, and when the browser starts. Add it synchronously at the worker's start. */
export function onInstallOrBrowserStart(listener: () => void): void {
  browser.runtime.onInstalled.addListener(listener);
  browser.runtime.onStartup.addListener(listener);
}

/** Calls `listener` when the extension is installed for the first time (not on an update, a browser update or a browser start). Add it synchronously at the worker's start. */
export function onFirstInstall(listener: () => void): void {
  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason === 'install') listener();
  });
}

/** Calls `listener` when the browser starts with the extension's profile. Add it synchronously at the worker's start. */
export function onBrowserStart(listener: () => void): void {
  browser.runtime.onStartup.addListener(listener);
}

/**
 * A cheap extension API call. In Chrome each call resets the worker's 30 s idle timer, which is
 * what holding the worker awake needs (src/background/keep-alive.ts).
 */
export function pingExtensionApi(): Promise<unknown> {
  return browser.runtime.getPlatformInfo();
}

/** The browser's UI language (a BCP 47 tag such as `en-US`); throws where the API is missing. */
export function browserUiLanguage(): string {
  return browser.i18n.getUILanguage();
}

/** The operating system the browser runs on, for instructions that differ by system (the connection doctor). */
export async function operatingSystem(): Promise<'mac' | 'win' | 'linux' | 'other'> {
  try {
    const { os } = await browser.runtime.getPlatformInfo();
    return os === 'mac' || os === 'win' || os === 'linux' ? os : 'other';
  } catch {
    return 'other';
  }
}

/**
 * The URL the browser reports as the sender of a message or port from the extension's background:
 * the service worker's script in Manifest V3, the page Firefox generates to run the manifest's
 * background scripts in V2. Chrome's offscreen documents have only part of `runtime` (no
 * `getManifest`), and only Chrome has them: there the background is the service worker.
 */
export function backgroundSenderUrl(): string {
  const runtime = browser.runtime as { getManifest?: () => { background?: { service_worker?: string; page?: string } } };
  if (typeof runtime.getManifest !== 'function') return extensionUrl('/background.js');
  const background = runtime.getManifest().background;
  if (background?.service_worker) return extensionUrl(`/${background.service_worker}`);
  if (background?.page) return extensionUrl(`/${background.page}`);
  return extensionUrl('/_generated_background_page.html');
}

/** Whether a port or message came from the extension's own background (Chrome's worker, Firefox's background page), and nothing else. */
export function sentByOwnBackground(sender: { id?: string; tab?: unknown; url?: string } | undefined): boolean {
  return sender?.id === extensionIdentity().id && sender.tab === undefined && typeof sender.url === 'string' && sender.url === backgroundSenderUrl();
}
