import { openHistory, type HistoryStore } from '@/src/history';

/**
 * The chat pages' history store, loaded after their first paint (history-store.ts), with search by
 * meaning's indexing told about changes (issue 19): when the store opens (a page that opens
 * resumes the indexing where it stopped, or indexes what other pages added) and after an answer
 * finished (history-store.ts calls `historyChanged` after `touch`). The indexing code itself loads
 * only then, and does nothing unless the user turned search by meaning on.
 */
export function openChatHistory(): HistoryStore {
  const store = openHistory();
  setTimeout(historyChanged, RESUME_INDEXING_AFTER_MS);
  return store;
}

/** After the page's first reads: the indexing never competes with opening the page. */
const RESUME_INDEXING_AFTER_MS = 2000;

export function historyChanged(): void {
  void import('@/src/ui/knowledge/history-index-env').then(
    (module) => module.historyChanged(),
    () => undefined,
  );
}
