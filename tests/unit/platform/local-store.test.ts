import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { indexedDbStore } from '@/src/platform/local-store';

/** The Firefox backend: IndexedDB of the extension's origin, which content scripts cannot open. */
describe('the IndexedDB-backed local store', () => {
  it('gets, sets and removes like storage.local, returning only stored keys', async () => {
    const store = indexedDbStore(new IDBFactory());
    expect(await store.get(['settings', 'neverSendSites'])).toEqual({});
    await store.set({ settings: { autoLock: 15 }, neverSendSites: ['bank.example'] });
    expect(await store.get('settings')).toEqual({ settings: { autoLock: 15 } });
    expect(await store.get(['settings', 'neverSendSites', 'missing'])).toEqual({ settings: { autoLock: 15 }, neverSendSites: ['bank.example'] });
    await store.remove('settings');
    expect(await store.get(['settings', 'neverSendSites'])).toEqual({ neverSendSites: ['bank.example'] });
  });

  it('keeps values across instances (another page, the background after a restart)', async () => {
    const idb = new IDBFactory();
    await indexedDbStore(idb).set({ promptLibrary: [{ id: 'a', name: 'A', text: 'x' }] });
    expect(await indexedDbStore(idb).get('promptLibrary')).toEqual({ promptLibrary: [{ id: 'a', name: 'A', text: 'x' }] });
  });

  it('tells its subscribers what changed, after the write is committed, until they unsubscribe', async () => {
    const store = indexedDbStore(new IDBFactory());
    const seen: unknown[] = [];
    const listener = vi.fn(async (changes: Record<string, unknown>) => {
      seen.push(Object.keys(changes), await store.get(Object.keys(changes)));
    });
    const unsubscribe = store.subscribe(listener);
    await store.set({ selectionToolbar: { enabled: true, offSites: [] } });
    await vi.waitFor(() => expect(seen).toEqual([['selectionToolbar'], { selectionToolbar: { enabled: true, offSites: [] } }]));
    unsubscribe();
    await store.remove('selectionToolbar');
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
