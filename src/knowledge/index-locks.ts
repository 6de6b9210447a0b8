/**
 * The Web Locks of indexing (src/platform/locks.ts), in a module of their own: the worker reads
 * them (a hidden page holding or waiting for one is not closed, src/local-model/host-client.ts)
 * without the indexing code.
 *
 * - HISTORY_INDEX_LOCK: one runner of the history job across the pages and the hidden page.
 * - itemIndexLock(id): one runner per collection item, so a page and the hidden page never embed
 *   the same item at once.
 */
export const HISTORY_INDEX_LOCK = 'keyward-history-index';
const ITEM_LOCK_PREFIX = 'keyward-index-item:';

export const itemIndexLock = (itemId: string): string => `${ITEM_LOCK_PREFIX}${itemId}`;

export function isIndexingLock(name: string): boolean {
  return name === HISTORY_INDEX_LOCK || name.startsWith(ITEM_LOCK_PREFIX);
}
