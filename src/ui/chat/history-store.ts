import type { HistoryStore } from '@/src/history';

type Store = Promise<HistoryStore>;
let loading: Store | undefined;
let loaded: HistoryStore | undefined;
let indexing: (() => void) | undefined;

/**
 * The history module (Dexie and the search index, about 120 KB) is loaded on first use, not with
 * the page: a popup paints its composer before the store is needed (benchmark 5, popup open).
 */
function load(): Store {
  loading ??= import('./history-with-meaning').then(({ openChatHistory, historyChanged }) => {
    indexing = historyChanged;
    return (loaded = openChatHistory());
  });
  return loading;
}

/** Every call waits for the module once, then goes straight to the real store. */
const lazyStore: HistoryStore = {
  createConversation: async (...args) => (await load()).createConversation(...args),
  addUserMessage: async (...args) => (await load()).addUserMessage(...args),
  getAttachments: async (...args) => (await load()).getAttachments(...args),
  truncateAfter: async (...args) => (await load()).truncateAfter(...args),
  listConversations: async (...args) => (await load()).listConversations(...args),
  countConversations: async () => (await load()).countConversations(),
  lastConversation: async () => (await load()).lastConversation(),
  getConversation: async (...args) => (await load()).getConversation(...args),
  setLastTargets: async (...args) => (await load()).setLastTargets(...args),
  rename: async (...args) => (await load()).rename(...args),
  deleteConversation: async (...args) => (await load()).deleteConversation(...args),
  touch: async (...args) => {
    await (await load()).touch(...args);
    // An answer finished: search by meaning indexes it (history-with-meaning.ts).
    indexing?.();
  },
  search: async (...args) => (await load()).search(...args),
  exportMarkdown: async (...args) => (await load()).exportMarkdown(...args),
  exportJson: async (...args) => (await load()).exportJson(...args),
  importJson: async (...args) => {
    const counts = await (await load()).importJson(...args);
    // Imported conversations: search by meaning goes through the history again (history-index.ts).
    indexing?.();
    return counts;
  },
  reindexStale: async () => (await load()).reindexStale(),
  // Nothing can have been met before the store was first used.
  damagedRows: () => loaded?.damagedRows() ?? { conversations: [], messages: [] },
};

/** The page's history store (IndexedDB, shared with the worker that writes answers). */
export function history(): HistoryStore {
  // Start loading now: the first call is usually an effect right after the first paint.
  void load();
  return lazyStore;
}

/** The store itself, once loaded (the attachment calls, attachment-send.ts, reach it through this). */
export function loadedHistory(): Store {
  return load();
}
