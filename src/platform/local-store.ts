import { browser } from './browser';

/**
 * The extension's persistent preferences (settings, budgets, page tools, prompt library, last
 * chosen models): the one store they are kept in. Nothing outside src/platform uses it directly:
 * each value is a declared item (storage-item.ts) in the domain that owns it.
 *
 * Why not plain `storage.local`: content scripts can read and write it, and the worker trusts what
 * is there (auto-lock, budget caps, the never-send list, system prompts). So:
 * - Chromium: `storage.local`, closed to content scripts by `restrictLocalStore()`, which the
 *   worker calls first thing at every start (Chromium keeps the level in the extension's prefs, so
 *   it also holds before the worker's first run after a browser start).
 * - Firefox has no `setAccessLevel` for `storage.local` (bug 1724754): the values live in an
 *   IndexedDB database of the extension's origin instead, which no content script can open (a
 *   content script's `indexedDB` is the web page's). Changes are announced to the extension's
 *   other pages with a BroadcastChannel of the same origin.
 */
export type StoreChange = Record<string, { newValue?: unknown; oldValue?: unknown }>;
export type StoreListener = (changes: StoreChange) => void;

export interface LocalStore {
  get(keys: string | readonly string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | readonly string[]): Promise<void>;
  /** Calls `listener` after a change made in any extension context. Returns the unsubscribe. */
  subscribe(listener: StoreListener): () => void;
}

const list = (keys: string | readonly string[]): string[] => (typeof keys === 'string' ? [keys] : [...keys]);

function storageLocal(): LocalStore {
  return {
    get: (keys) => browser.storage.local.get(list(keys)),
    set: (items) => browser.storage.local.set(items),
    remove: (keys) => browser.storage.local.remove(list(keys)),
    subscribe(listener) {
      const onChanged = (changes: StoreChange, area: string) => {
        if (area === 'local') listener(changes);
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => browser.storage.onChanged.removeListener(onChanged);
    },
  };
}

export const LOCAL_STORE_DB = 'keyward-preferences';
const STORE = 'values';
const CHANNEL = 'keyward-preferences';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** A key-value store in IndexedDB (the Firefox backend; also what the unit tests exercise with fake-indexeddb). */
export function indexedDbStore(idb: IDBFactory = indexedDB): LocalStore {
  let opening: Promise<IDBDatabase> | undefined;
  const open = () =>
    (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = idb.open(LOCAL_STORE_DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => {
        const db = req.result;
        // Another context deleting or upgrading the database: reopen on next use.
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      };
      req.onerror = () => {
        opening = undefined;
        reject(req.error ?? new Error('IndexedDB open failed'));
      };
    }));
  const listeners = new Set<StoreListener>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
  const announce = (changes: StoreChange) => {
    for (const listener of listeners) listener(changes);
    channel?.postMessage(changes);
  };
  if (channel) channel.onmessage = (event: MessageEvent<StoreChange>) => listeners.forEach((listener) => listener(event.data));

  const write = async (apply: (store: IDBObjectStore) => Promise<StoreChange>): Promise<void> => {
    const db = await open();
    const tx = db.transaction(STORE, 'readwrite');
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
    const changes = await apply(tx.objectStore(STORE));
    await done;
    announce(changes);
  };

  return {
    async get(keys) {
      const db = await open();
      const store = db.transaction(STORE, 'readonly').objectStore(STORE);
      const names = list(keys);
      const values = await Promise.all(names.map((key) => request(store.get(key) as IDBRequest<unknown>)));
      const out: Record<string, unknown> = {};
      names.forEach((key, index) => {
        if (values[index] !== undefined) out[key] = values[index];
      });
      return out;
    },
    set: (items) =>
      write(async (store) => {
        const changes: StoreChange = {};
        for (const [key, value] of Object.entries(items)) {
          // Structured clone, like storage.local's JSON: a caller's later edits do not leak in.
          store.put(value, key);
          changes[key] = { newValue: value };
        }
        return changes;
      }),
    remove: (keys) =>
      write(async (store) => {
        const changes: StoreChange = {};
        for (const key of list(keys)) {
          store.delete(key);
          changes[key] = {};
        }
        return changes;
      }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let instance: LocalStore | undefined;

/** The store for this build: `storage.local` in Chromium, IndexedDB in Firefox. */
export function localStore(): LocalStore {
  return (instance ??= import.meta.env.BROWSER === 'firefox' ? indexedDbStore() : storageLocal());
}

/** For tests: use another backend. */
export function setLocalStoreForTests(store: LocalStore | undefined): void {
  instance = store;
}

/**
 * Closes `storage.local` to content scripts (Chromium). Called by the worker at every start, before
 * anything else; Firefox keeps these values in IndexedDB instead (see above).
 */
export async function restrictLocalStore(): Promise<void> {
  const area = browser.storage.local as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  if (typeof area.setAccessLevel === 'function') await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
}
