import { browser } from './browser.ts';

/** The extension's own runtime: URLs of its files, and its start-up events. */

/** The URL of one of the extension's files (`/catalog.json` → `chrome-extension://…/catalog.json`). */
export function extensionUrl(path: `/${string}`): string {
  return browser.runtime.getURL(path as '/');
}

/** Calls `listener` when the extension is installed or updated, and when the browser starts. Add it synchronously at the worker's start. */
export function onInstallOrBrowserStart(listener: () => void): void {
  browser.runtime.onInstalled.addListener(listener);
  browser.runtime.onStartup.addListener(listener);
}

/** The browser's UI language (a BCP 47 tag such as `en-US`); throws where the API is missing. */
export function browserUiLanguage(): string {
  return browser.i18n.getUILanguage();
}
