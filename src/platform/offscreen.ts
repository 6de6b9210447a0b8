import { browser, type Browser } from './browser.ts';

/**
 * Chrome's offscreen documents: a hidden extension page the worker opens for work a worker cannot
 * do (here: the in-browser model, which needs WebGPU and a long-lived page). Chrome allows one at a
 * time. Firefox has no such API (`offscreenSupported()` is false there; the calls are feature-detected).
 */

interface RuntimeWithContexts {
  getContexts?(filter: { contextTypes: string[]; documentUrls?: string[] }): Promise<unknown[]>;
}

export function offscreenSupported(): boolean {
  return typeof (browser as { offscreen?: unknown }).offscreen === 'object';
}

/** Whether the offscreen document at `path` is open. */
export async function hasOffscreenDocument(path: `/${string}`): Promise<boolean> {
  const runtime = browser.runtime as unknown as RuntimeWithContexts;
  if (!runtime.getContexts) return false;
  const contexts = await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [browser.runtime.getURL(path as '/')] });
  return contexts.length > 0;
}

let opening: Promise<void> | undefined;

/**
 * Opens the offscreen document at `path` unless it is open; resolves once it has loaded. Two calls
 * at once open it once (Chrome refuses a second document).
 */
export function ensureOffscreenDocument(path: `/${string}`, reason: 'WORKERS', justification: string): Promise<void> {
  if (!offscreenSupported()) return Promise.reject(new Error('This browser has no offscreen documents.'));
  opening ??= (async () => {
    if (await hasOffscreenDocument(path)) return;
    await browser.offscreen.createDocument({ url: path, reasons: [reason as Browser.offscreen.Reason], justification });
  })().finally(() => {
    opening = undefined;
  });
  return opening;
}

/** Closes the offscreen document, if one is open. */
export async function closeOffscreenDocument(path: `/${string}`): Promise<boolean> {
  if (!offscreenSupported() || !(await hasOffscreenDocument(path))) return false;
  await browser.offscreen.closeDocument();
  return true;
}
