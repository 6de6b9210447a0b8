import { browser } from './browser.ts';
import { closeOffscreenDocument, ensureOffscreenDocument, hasOffscreenDocument, offscreenSupported } from './offscreen.ts';

/**
 * A hidden extension page the background opens for work it should not do in its own context (the
 * in-browser model: a long-lived page whose memory is given back by closing it).
 *
 * - Chrome (Manifest V3): the worker has no document; the page is an offscreen document (offscreen.ts).
 * - Firefox (Manifest V2): no offscreen API, but the background is a page: the hidden page is an
 *   <iframe> of our own file inside it. It is a separate extension document (its own global, its own
 *   WebAssembly memory, its own `runtime.onConnect`), so removing the frame gives all of that back
 *   while the background itself stays. The pages' CSP keeps `frame-src 'none'`: Firefox loads the
 *   extension's own page into its own frame under it (wxt.config.ts).
 */

type Kind = 'offscreen' | 'frame' | 'none';

function kind(): Kind {
  if (offscreenSupported()) return 'offscreen';
  // A background page (Firefox) has a document to hold the frame; a worker has none.
  if (typeof document !== 'undefined' && document.body !== null && document.body !== undefined) return 'frame';
  return 'none';
}

export function hiddenPagesSupported(): boolean {
  return kind() !== 'none';
}

/**
 * Whether closing a hidden page gives its memory back. Chrome's offscreen document: yes (its own
 * process). Firefox's frame: no. Measured in Firefox ESR 153 with the tiny model (the extension
 * process's memory, after minimizeMemoryUsage): 81 MB before the first answer, 208 MB after it, still
 * 208 MB once the frame was removed, 334 MB after the next question reopened it; about:memory shows
 * the removed frame's window as a detached window of 111 MB. It is kept alive once the model has run
 * (ONNX Runtime Web and Transformers.js in it: a frame that only loaded, or only answered "not
 * downloaded", leaves nothing), and disposing the model first does not help. So in Firefox the frame
 * stays open once made: one copy of the model's memory, rather than one more at every reopen.
 */
export function closingHiddenPageFreesMemory(): boolean {
  return kind() === 'offscreen';
}

const FRAME_ATTRIBUTE = 'data-keyward-hidden-page';

function frameOf(path: `/${string}`): HTMLIFrameElement | undefined {
  return [...document.querySelectorAll<HTMLIFrameElement>(`iframe[${FRAME_ATTRIBUTE}]`)].find((frame) => frame.getAttribute(FRAME_ATTRIBUTE) === path);
}

const opening = new Map<string, Promise<void>>();

function openFrame(path: `/${string}`): Promise<void> {
  if (frameOf(path)) return opening.get(path) ?? Promise.resolve();
  const frame = document.createElement('iframe');
  frame.setAttribute(FRAME_ATTRIBUTE, path);
  frame.hidden = true;
  frame.setAttribute('aria-hidden', 'true');
  const loaded = new Promise<void>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.addEventListener('error', () => reject(new Error('The hidden page did not load.')), { once: true });
  }).finally(() => opening.delete(path));
  opening.set(path, loaded);
  frame.src = browser.runtime.getURL(path as '/');
  document.body.append(frame);
  return loaded;
}

/** Opens the hidden page at `path` unless it is open; resolves once it has loaded. */
export function ensureHiddenPage(path: `/${string}`, justification: string): Promise<void> {
  switch (kind()) {
    case 'offscreen':
      return ensureOffscreenDocument(path, 'WORKERS', justification);
    case 'frame':
      return openFrame(path);
    default:
      return Promise.reject(new Error('This browser has no hidden extension pages.'));
  }
}

/** Whether the hidden page at `path` is open. */
export async function hasHiddenPage(path: `/${string}`): Promise<boolean> {
  switch (kind()) {
    case 'offscreen':
      return hasOffscreenDocument(path);
    case 'frame':
      return frameOf(path) !== undefined;
    default:
      return false;
  }
}

/** Closes the hidden page at `path`, if it is open: its document, and all it held, goes away. */
export async function closeHiddenPage(path: `/${string}`): Promise<boolean> {
  switch (kind()) {
    case 'offscreen':
      return closeOffscreenDocument(path);
    case 'frame': {
      const frame = frameOf(path);
      if (!frame) return false;
      // Removing the element discards its document at once (not when the element is collected).
      frame.remove();
      opening.delete(path);
      return true;
    }
    default:
      return false;
  }
}
