import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { indexedDbStore, setLocalStoreForTests } from '@/src/platform/local-store';
import { defineLocalItem, defineSessionItem, defineSessionItems, watchItems } from '@/src/platform/storage-item';

const count = {
  parse: (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined),
  fallback: () => 0,
};

afterEach(() => setLocalStoreForTests(undefined));

describe('declared storage items', () => {
  it.each([
    ['storage.local (Chromium)', () => undefined],
    ['IndexedDB (Firefox)', () => setLocalStoreForTests(indexedDbStore(new IDBFactory()))],
  ])('a local item over %s: default when nothing or something damaged is stored, its own value otherwise', async (_name, backend) => {
    backend();
    const item = defineLocalItem('test.count', count);
    expect(await item.get()).toBe(0);
    await item.set(3);
    expect(await item.get()).toBe(3);
    await defineLocalItem<unknown>('test.count', { parse: (value) => value, fallback: () => undefined }).set('three');
    expect(await item.get()).toBe(0);
    await item.remove();
    expect(await item.get()).toBe(0);
  });

  it('a local item is told of its own changes only, with the checked value', async () => {
    const item = defineLocalItem('test.count', count);
    const other = defineLocalItem('test.other', count);
    const seen: number[] = [];
    const stop = item.watch((value) => seen.push(value));
    await other.set(9);
    await item.set(4);
    await fakeBrowser.storage.local.set({ 'test.count': 'damaged' });
    await item.remove();
    stop();
    await item.set(5);
    expect(seen).toEqual([4, 0, 0]);
  });

  it('session items live in storage.session; a family keys each member as prefix:id', async () => {
    const item = defineSessionItem('test.session', count);
    const slot = defineSessionItems('test.slot', count);
    const seen: number[] = [];
    const stop = slot(7).watch((value) => seen.push(value));
    await item.set(2);
    await slot(7).set(8);
    await slot(6).set(1);
    expect(slot(7).key).toBe('test.slot:7');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'test.session': 2, 'test.slot:7': 8, 'test.slot:6': 1 });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    // A local change under the same name is not the session item's.
    await fakeBrowser.storage.local.set({ 'test.slot:7': 5 });
    stop();
    expect(seen).toEqual([8]);
  });

  it('watchItems calls once per change of any of its local items, and refuses session items', async () => {
    const a = defineLocalItem('test.a', count);
    const b = defineLocalItem('test.b', count);
    const listener = vi.fn();
    const stop = watchItems([a, b], listener);
    await a.set(1);
    await b.set(1);
    await defineLocalItem('test.c', count).set(1);
    stop();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(() => watchItems([defineSessionItem('test.s', count)], listener)).toThrow();
  });
});
