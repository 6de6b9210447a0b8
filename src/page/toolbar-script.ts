import { keepContentScriptRegistered } from '@/src/platform/content-scripts';
import { hasOrigins, onPermissionsChanged } from '@/src/platform/permissions';
import { onInstallOrBrowserStart } from '@/src/platform/runtime';
import { watchItems } from '@/src/platform/storage-item';
import { queryTabs, sendToTab } from '@/src/platform/tabs';
import { neverSendItem, readNeverSend, readToolbarSettings, toolbarItem, type ToolbarSettings } from './page-settings';
import { matchesAnySite } from './site-match';

/**
 * The selection toolbar's content script, registered only while the user has the toolbar on.
 *
 * There is no always-on content script: in Chromium a content script's match patterns also grant
 * the extension host access to those sites (the worker's fetch to any host would skip CORS), so an
 * `<all_urls>` script would make every host-permission prompt meaningless. Turning the toolbar on
 * asks for access to all sites (`ALL_SITES`, the prompt says exactly that); only then is the
 * script registered. Turning it off unregisters it.
 */
export const ALL_SITES = ['https://*/*', 'http://*/*'];
export const TOOLBAR_SCRIPT_ID = 'keyward-selection-toolbar';
const TOOLBAR_SCRIPT_FILE = 'page-bridge.js';

/** Sent to every tab when the toolbar's settings change, so running copies ask again (`page.toolbarState`). */
export const TOOLBAR_CHANGED = { channel: 'keyward-page', type: 'page.toolbarChanged' } as const;

/** Whether the toolbar may appear on a page: on, and the site on neither the toolbar's off list nor the never-send list. */
export function toolbarShownOn(toolbar: ToolbarSettings, neverSend: readonly string[], url: string | undefined): boolean {
  if (!toolbar.enabled || url === undefined) return false;
  return !matchesAnySite(url, toolbar.offSites) && !matchesAnySite(url, neverSend);
}

/** The answer to the content script's `page.toolbarState`: one boolean for the page that asks, nothing else. */
export async function toolbarStateFor(url: string | undefined): Promise<{ show: boolean }> {
  const [toolbar, neverSend] = await Promise.all([readToolbarSettings(), readNeverSend()]);
  return { show: toolbarShownOn(toolbar, neverSend, url) };
}

function hasAllSites(): Promise<boolean> {
  return hasOrigins(ALL_SITES).catch(() => false);
}

/** Registers or unregisters the toolbar's script to match the setting and the permission. */
export async function syncToolbarScript(): Promise<void> {
  await keepContentScriptRegistered(
    { id: TOOLBAR_SCRIPT_ID, matches: ALL_SITES, js: [TOOLBAR_SCRIPT_FILE], runAt: 'document_idle', allFrames: false, persistAcrossSessions: true },
    () => Promise.all([readToolbarSettings(), hasAllSites()]).then(([toolbar, granted]) => toolbar.enabled && granted),
  );
}

/** Tells copies of the script already running in tabs to ask again whether they may show. */
async function notifyTabs(): Promise<void> {
  const tabs = await queryTabs({});
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : sendToTab(tab.id, TOOLBAR_CHANGED).catch(() => undefined))));
}

function logged(work: () => Promise<void>): () => void {
  return () => void work().catch((error: unknown) => console.warn('Keyward: could not update the selection toolbar.', error));
}

/** Worker start: keeps the registration in step with the setting and the permission. Listeners added synchronously. */
export function startToolbarScript(): void {
  const sync = logged(syncToolbarScript);
  onInstallOrBrowserStart(sync);
  onPermissionsChanged(sync);
  watchItems([toolbarItem], sync);
  watchItems([toolbarItem, neverSendItem], logged(notifyTabs));
}
