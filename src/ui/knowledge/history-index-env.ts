import { historyIndexEnv } from '@/src/knowledge/history-index-env';
import { ensureHistoryIndexer, indexNewMessages } from '@/src/knowledge/history-index-runner';
import { wakeBackgroundIndexer } from '@/src/knowledge/indexer-wake';

let woken: Promise<unknown> | undefined;

/**
 * Runs the history job in this page when it is running and no other page runs it
 * (history-index-runner.ts), and has the hidden page queue too, so the job goes on once the pages
 * close: once per request of this page for the lock, not at every batch's change.
 */
export function runHistoryIndexHere(): void {
  const queued = ensureHistoryIndexer(historyIndexEnv);
  if (queued === woken) return;
  woken = queued;
  wakeBackgroundIndexer();
}

/** After a question was saved or an answer finished: the job indexes the new messages (when the user turned it on). */
export function historyChanged(): void {
  void indexNewMessages(historyIndexEnv, runHistoryIndexHere).catch(() => undefined);
}
