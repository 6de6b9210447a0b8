import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { t } from '@/src/shared/i18n/text';
import { captureVisibleTabPng, isAccessRefusal } from '@/src/platform/capture';
import { currentWindowId, queryTabs, runScriptFile, type TabSnapshot } from '@/src/platform/tabs';
import { MAX_URL_CHARS } from '@/src/page/limits';
import { readNeverSend } from '@/src/page/page-settings';
import { matchesAnySite } from '@/src/page/site-match';
import { isOwnTab, siteOf } from '@/src/page/tab-reader';
import { cropImage, cropRect, dataUrlToBlob, imageSize } from './capture-crop';

/**
 * "Capture this tab" and "Capture a region": a screenshot of the visible part of the active tab
 * of the window this page belongs to (the side panel's or the popup's), as an image File for the
 * composer (`addAttachments(files, 'tab' | 'region')`). Nothing is sent or stored here.
 *
 * The gate is "Use this page"'s (src/page/tab-reader.ts): a site on the never-send list is refused
 * before anything is captured, with the same words, and again afterwards against the page that
 * was actually captured. The browser's own pages and the extension stores are refused up front.
 *
 * Permissions (README.md, "Permissions"): `tabs.captureVisibleTab` needs `activeTab` for the tab
 * (the user opened Keyward from it) or `<all_urls>`; the region's overlay is injected with
 * `scripting` under the same `activeTab` (or a host permission the user granted the site). No
 * new permission: without `activeTab` the user is told how to grant it for this tab.
 */

export type CaptureFailure =
  /** No tab in this window. */
  | 'no-tab'
  /** The tab in front is one of Keyward's own pages (the panel opened as a tab). */
  | 'own-page'
  /** The browser's own pages, other schemes, the extension stores. */
  | 'restricted'
  /** On the never-send list: "Use this page"'s refusal. */
  | 'blocked'
  /** No `activeTab` for this tab (the browser hides its address, or refuses the capture). */
  | 'needs-invocation'
  /** Another tab or page came to the front between the pick and the capture. */
  | 'changed'
  | 'failed';

export class CaptureError extends Error {
  constructor(
    readonly reason: CaptureFailure,
    /** The site refused (`blocked`), as "Use this page" names it. */
    readonly site = '',
  ) {
    super(`Capture refused: ${reason}`);
    this.name = 'CaptureError';
  }
}

/** The injected overlay's file (entrypoints/capture-overlay.ts, built by WXT as an unlisted script). */
const OVERLAY_FILE = '/capture-overlay.js';

/** What the overlay reports, checked like any other input from a web page. */
export const OverlayOutcome = lazySchema(() => {
  const length = z.number().check(z.gte(0), z.lte(100_000));
  return z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('region'),
      rect: z.strictObject({ x: length, y: length, width: length, height: length }),
      viewport: z.strictObject({ width: z.number().check(z.gt(0), z.lte(100_000)), height: z.number().check(z.gt(0), z.lte(100_000)) }),
      dpr: z.number().check(z.gt(0), z.lte(16)),
      url: z.string().check(z.maxLength(MAX_URL_CHARS)),
    }),
    z.strictObject({ kind: z.literal('cancelled') }),
  ]);
});

/** Hosts where browsers forbid extensions to touch pages: their extension stores. */
const STORE_HOSTS = ['chromewebstore.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com'];

/** Whether the browser keeps extensions off this page (its own pages, the stores), so there is nothing to try. */
export function isRestrictedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return true;
  const host = parsed.hostname.toLowerCase();
  if (STORE_HOSTS.includes(host)) return true;
  return host === 'chrome.google.com' && parsed.pathname.startsWith('/webstore');
}

/** What a screenshot is called: "Screenshot of example.com.png", a local file's name for file: pages. */
function placeName(url: string): string {
  const site = siteOf(url);
  if (site) return site;
  try {
    const file = new URL(url).pathname.split('/').pop() ?? '';
    return decodeURIComponent(file).slice(0, 200) || 'page';
  } catch {
    return 'page';
  }
}

interface Target {
  tabId: number;
  windowId: number;
  url: string;
}

/** The tab a capture is about: the one in front in this page's window, if the gate lets it through. */
async function captureTarget(): Promise<Target> {
  const windowId = await currentWindowId();
  if (windowId === undefined) throw new CaptureError('no-tab');
  const [active] = await queryTabs({ active: true, windowId });
  if (!active || active.id === undefined || active.id < 0) throw new CaptureError('no-tab');
  if (isOwnTab(active)) throw new CaptureError('own-page');
  // The browser hides the address of a tab Keyward has no access to; then it could not check the
  // never-send list, and the capture would be refused anyway.
  if (!active.url) throw new CaptureError('needs-invocation');
  await refuseNeverSend(active.url);
  if (isRestrictedUrl(active.url)) throw new CaptureError('restricted');
  return { tabId: active.id, windowId, url: active.url };
}

/** "Use this page"'s check, read fresh: a site added a moment ago is refused. */
async function refuseNeverSend(url: string): Promise<void> {
  if (matchesAnySite(url, await readNeverSend())) throw new CaptureError('blocked', siteOf(url));
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Whether the target is still the tab in front, on the same site (checked after each capture). */
async function stillInFront(target: Target): Promise<TabSnapshot> {
  const [active] = await queryTabs({ active: true, windowId: target.windowId });
  if (!active || active.id !== target.tabId || !active.url || !sameOrigin(active.url, target.url)) throw new CaptureError('changed');
  return active;
}

/**
 * The visible part of the target tab as PNG bytes. The browser captures whatever tab is in front
 * when it runs, so the tab is checked again afterwards: still ours, same site, not never-send.
 */
async function screenshot(target: Target): Promise<Blob> {
  let dataUrl: string;
  try {
    dataUrl = await captureVisibleTabPng(target.windowId);
  } catch (error) {
    throw new CaptureError(isAccessRefusal(error) ? 'needs-invocation' : 'failed');
  }
  const active = await stillInFront(target);
  await refuseNeverSend(active.url ?? target.url);
  try {
    return dataUrlToBlob(dataUrl);
  } catch {
    throw new CaptureError('failed');
  }
}

function imageFile(blob: Blob, name: string): File {
  return new File([blob], name, { type: blob.type || 'image/png', lastModified: Date.now() });
}

let busy = false;

/** Runs one capture at a time per page: a second request while one runs is refused as `failed`. */
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  if (busy) throw new CaptureError('failed');
  busy = true;
  try {
    return await work();
  } finally {
    busy = false;
  }
}

/** "Capture this tab": the visible part of the tab in front, as "Screenshot of <site>.png". */
export function captureVisibleTab(): Promise<File> {
  return exclusive(async () => {
    const target = await captureTarget();
    const image = await screenshot(target);
    return imageFile(image, t('capture_fileName', placeName(target.url)));
  });
}

/**
 * "Capture a region": the user drags a rectangle over the tab in front (the overlay), the tab is
 * captured without the overlay, and the rectangle is cut out at the screen's density. Null when
 * the user cancels (Escape, Cancel, leaving the page).
 */
export function captureRegion(): Promise<File | null> {
  return exclusive(async () => {
    const target = await captureTarget();
    // A capture the browser refuses (a site granted for reading but no activeTab) is found out
    // before the user spends the effort of picking; the image is dropped at once.
    await screenshot(target);
    let raw: unknown;
    try {
      raw = await runScriptFile(target.tabId, OVERLAY_FILE);
    } catch (error) {
      if (isAccessRefusal(error)) throw new CaptureError('needs-invocation');
      // The page went away under the overlay (a navigation, the tab closed).
      throw new CaptureError('changed');
    }
    const parsed = OverlayOutcome.safeParse(raw);
    if (!parsed.success) throw new CaptureError('failed');
    const outcome = parsed.data;
    if (outcome.kind === 'cancelled') return null;
    if (!sameOrigin(outcome.url, target.url)) throw new CaptureError('changed');
    await refuseNeverSend(outcome.url);
    const image = await screenshot(target);
    const size = await imageSize(image);
    const crop = cropRect(outcome.rect, outcome.viewport, outcome.dpr, size);
    if (!crop) throw new CaptureError('failed');
    return imageFile(await cropImage(image, crop), t('capture_regionFileName', placeName(target.url)));
  });
}
