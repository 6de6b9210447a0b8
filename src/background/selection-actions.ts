import { phrase } from '@/src/shared/i18n/text';
import { browser } from '@/src/platform/browser';
import { AppError } from '@/src/shared/errors';
import type { HandlerContext } from '@/src/messaging/router';
import type { RequestOf, ResponseOf } from '@/src/messaging/protocol';
import { capText, MAX_TITLE_CHARS, MAX_URL_CHARS } from '@/src/page/limits';
import { openSidePanel } from '@/src/platform/side-panel';
import { readNeverSend, readToolbarSettings } from '@/src/page/page-settings';
import type { BlockedNotice, PendingAction, SelectionAction } from '@/src/page/actions';
import { entryOf, pendingSlot } from '@/src/page/pending-action';
import { matchesAnySite } from '@/src/page/site-match';

/**
 * Selection actions: the background only queues them for the side panel of the window (in
 * `storage.session`), after checking the never-send list itself, and hands each to exactly one
 * panel that asks (`page.takePendingAction`). It never calls a model: the panel does, with the
 * user's selected model, and only for actions the browser's context menu started.
 */

/**
 * Writes to and takes from the slots, one at a time. A take reads and removes in one turn, so two
 * panels asking at once (two open side panels, a panel opening as a new action arrives) cannot
 * both get the same action: the second finds the slot empty. Why the worker and not Web Locks
 * around the panels' read and remove: the worker writes the slot too, and one queue here orders
 * writes and takes without every writer having to remember a lock.
 */
let turn: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = turn.then(work, work);
  turn = run.catch(() => undefined);
  return run;
}

export interface QueueRequest {
  action: SelectionAction;
  promptId?: string;
  text: string;
  title: string;
  /** The page the text came from, as the chip shows it. */
  url: string;
  /** Other URLs the text came from (the frame inside the page, the tab): each must be allowed too. */
  alsoFrom: string[];
  source: PendingAction['source'];
  windowId: number;
  tabId?: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Stores the action for the window's panel, or a notice when a site is on the never-send list. */
export async function queueSelectionAction(request: QueueRequest, now = Date.now()): Promise<'queued' | 'blocked' | 'empty'> {
  const slot = pendingSlot(request.windowId);
  const neverSend = await readNeverSend();
  const blockedUrl = [request.url, ...request.alsoFrom].find((url) => matchesAnySite(url, neverSend));
  if (blockedUrl !== undefined) {
    const notice: BlockedNotice = { blocked: true, site: hostOf(blockedUrl), createdAt: now };
    await oneAtATime(() => slot.set(notice));
    return 'blocked';
  }
  const text = request.text.trim();
  if (text === '') return 'empty';
  const capped = capText(text);
  const action: PendingAction = {
    id: crypto.randomUUID(),
    action: request.action,
    text: capped.text,
    totalChars: capped.totalChars,
    title: request.title.slice(0, MAX_TITLE_CHARS),
    url: request.url.slice(0, MAX_URL_CHARS),
    source: request.source,
    createdAt: now,
  };
  if (request.promptId !== undefined) action.promptId = request.promptId;
  if (request.tabId !== undefined) action.tabId = request.tabId;
  await oneAtATime(() => slot.set(action));
  return 'queued';
}

/**
 * `page.takePendingAction`: removes what waits for the window's panel and returns it, or null when
 * nothing (fresh) waits. Exactly one caller gets each action.
 */
export function takePendingAction({ windowId }: RequestOf<'page.takePendingAction'>, now = () => Date.now()): Promise<ResponseOf<'page.takePendingAction'>> {
  const slot = pendingSlot(windowId);
  return oneAtATime(async () => {
    const value = await slot.get();
    // Taken even when stale or damaged: nothing else will ever clear it.
    await slot.remove();
    return entryOf(value, now()) ?? null;
  });
}

/**
 * `page.openPanel`, the one message our content script may send: the floating toolbar asks for the
 * panel with the selection attached. Nothing runs from it; the user still has to send. The router
 * has checked that it comes from our content script in a tab.
 */
export async function openPanelFromToolbar(
  request: RequestOf<'page.openPanel'>,
  context: HandlerContext,
): Promise<ResponseOf<'page.openPanel'>> {
  const { tabId } = context;
  if (tabId === undefined) throw new AppError('BAD_REQUEST', phrase('error_noTab'));
  // First and synchronously, in case the browser still counts the page's click as a gesture.
  const opening = openSidePanel({ tabId }).then(
    () => true,
    () => false,
  );
  const tab = await browser.tabs.get(tabId);
  if (tab.windowId === undefined) throw new AppError('BAD_REQUEST', phrase('error_noWindow'));
  // The tab's URL as the browser reports it, when Keyward may see it; the page's own report otherwise.
  const url = tab.url ?? request.url;
  const toolbar = await readToolbarSettings();
  if (!toolbar.enabled || [url, request.url].some((each) => matchesAnySite(each, toolbar.offSites))) {
    throw new AppError('PERMISSION_DENIED', phrase('error_toolbarOff'));
  }
  const outcome = await queueSelectionAction({
    action: request.action,
    text: request.text,
    title: tab.title ?? request.title,
    url,
    alsoFrom: [request.url],
    source: 'toolbar',
    windowId: tab.windowId,
    tabId,
  });
  if (outcome === 'blocked') throw new AppError('PERMISSION_DENIED', phrase('error_neverSendSite'));
  return { opened: await opening };
}
