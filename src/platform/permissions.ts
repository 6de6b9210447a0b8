import { browser } from '@/src/platform/browser';

/** Host permissions: whether the user granted Keyward some origins, and asking for them. */

/** Whether every origin pattern is granted. Rejects when the browser cannot tell. */
export function hasOrigins(origins: readonly string[]): Promise<boolean> {
  return browser.permissions.contains({ origins: [...origins] });
}

/**
 * Asks the user for origins. Call it first thing in a click handler, before any `await`: browsers
 * show the prompt only during a user gesture. Rejects when the browser refuses to ask.
 */
export function requestOrigins(origins: readonly string[]): Promise<boolean> {
  return browser.permissions.request({ origins: [...origins] });
}

/** Calls `listener` whenever the user grants or removes a permission. */
export function onPermissionsChanged(listener: () => void): void {
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
}
