import { browser } from './browser';
import { localStore, type StoreChange } from './local-store';

/**
 * Declared storage items: every key the extension keeps in the local store (preferences) or in
 * `storage.session` (memory only: the unlocked session, budget overrides, pending selection
 * actions) is declared once, in the domain that owns it, with its name, its check, its default and
 * its area. Everything else reads and writes it through that item, never by its string, so a key
 * has one reader and one shape (tests/unit/conventions/storage-keys.test.ts holds the code to it).
 *
 * The check is a plain function rather than a schema object: some items are read by the worker,
 * which builds no schema it does not need at wake (a zod schema can still be used inside it).
 */
export type Area = 'local' | 'session';

/** The stored value as the item's type, or undefined when nothing usable is stored (then the default applies). */
export type Parse<T> = (stored: unknown) => T | undefined;

export interface ItemOptions<T> {
  parse: Parse<T>;
  /** What a read gives when nothing (usable) is stored. A function, so each read gets its own copy. */
  fallback: () => T;
}

export interface StorageItem<T> {
  readonly key: string;
  readonly area: Area;
  /** The stored value, else the default (nothing stored, or a damaged value). */
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
  /** Calls `listener` with the new value after a change made in any extension context. Returns the unsubscribe. */
  watch(listener: (value: T) => void): () => void;
}

interface Backend {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  subscribe(listener: (changes: StoreChange) => void): () => void;
}

const local: Backend = {
  get: async (key) => (await localStore().get(key))[key],
  set: (key, value) => localStore().set({ [key]: value }),
  remove: (key) => localStore().remove(key),
  subscribe: (listener) => localStore().subscribe(listener),
};

const session: Backend = {
  get: async (key) => (await browser.storage.session.get(key))[key],
  set: (key, value) => browser.storage.session.set({ [key]: value }),
  remove: (key) => browser.storage.session.remove(key),
  subscribe(listener) {
    const onChanged = (changes: StoreChange, area: string) => {
      if (area === 'session') listener(changes);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  },
};

function makeItem<T>(area: Area, backend: Backend, key: string, { parse, fallback }: ItemOptions<T>): StorageItem<T> {
  const read = (stored: unknown): T => {
    if (stored === undefined) return fallback();
    return parse(stored) ?? fallback();
  };
  return {
    key,
    area,
    get: async () => read(await backend.get(key)),
    set: (value) => backend.set(key, value),
    remove: () => backend.remove(key),
    watch: (listener) =>
      backend.subscribe((changes) => {
        const change = changes[key];
        if (change) listener(read(change.newValue));
      }),
  };
}

/** A preference in the local store (src/platform/local-store.ts: closed to content scripts). */
export function defineLocalItem<T>(key: string, options: ItemOptions<T>): StorageItem<T> {
  return makeItem('local', local, key, options);
}

/** A value in `storage.session`: memory only, gone when the browser closes, closed to content scripts. */
export function defineSessionItem<T>(key: string, options: ItemOptions<T>): StorageItem<T> {
  return makeItem('session', session, key, options);
}

/** Session items of one kind, one per id (the pending action of each window): `prefix:id`. */
export function defineSessionItems<T>(prefix: string, options: ItemOptions<T>): (id: number | string) => StorageItem<T> {
  return (id) => makeItem('session', session, `${prefix}:${id}`, options);
}

/** Calls `listener` after any of these local items changes (once per change, whichever of them changed). */
export function watchItems(items: readonly StorageItem<unknown>[], listener: () => void): () => void {
  if (items.some((item) => item.area !== 'local')) throw new Error('watchItems follows local items only.');
  const keys = items.map((item) => item.key);
  return local.subscribe((changes) => {
    if (keys.some((key) => key in changes)) listener();
  });
}
