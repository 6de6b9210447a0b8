/**
 * The Web Locks of indexing (src/platform/locks.ts), in a module of their own: the worker reads
 * them (a hidden page holding or waiting for one is not closed, src/local-model/host-client.ts)
 * without the indexing code.
 *
 * - HISTORY_INDEX_LOCK: one runner of the history job across the pages and the hidden page.
 * - itemIndexLock(id): one runner per collection item, so a page and the hidden page never embed
 *   the same item at once.
 * - backgroundRunLock(): held by the hidden page for the whole of each run, a name of its own each
 *   time (never waited for): between two items, or before it has asked for the job's lock, the page
 *   still shows it is at work, and the worker does not close it then.
 */
export const HISTORY_INDEX_LOCK = 'keyward-history-index';
const ITEM_LOCK_PREFIX = 'keyward-index-item:';
const BACKGROUND_RUN_PREFIX = 'keyward-index-run:';

export const itemIndexLock = (itemId: string): string => `${ITEM_LOCK_PREFIX}${itemId}`;
export const backgroundRunLock = (): string => `${BACKGROUND_RUN_PREFIX}${crypto.randomUUID()}`;

export function isIndexingLock(name: string): boolean {
  return name === HISTORY_INDEX_LOCK || name.startsWith(ITEM_LOCK_PREFIX) || name.startsWith(BACKGROUND_RUN_PREFIX);
}
