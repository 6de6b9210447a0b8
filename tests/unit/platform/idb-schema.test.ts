import Dexie from 'dexie';
import { describe, expect, test, vi } from 'vitest';
import { declareSchema } from '@/src/platform/dexie-schema';
import { openIdb, type DatabaseSchema } from '@/src/platform/idb';
import { VAULT_SCHEMA } from '@/src/vault/db';
import { USAGE_SCHEMA } from '@/src/usage/usage-db';
import { HISTORY_SCHEMA } from '@/src/history/history-schema';
import { HistoryDatabase } from '@/src/history/history-db';
import { UsageDexie } from '@/src/usage/usage-dexie';

/** What IndexedDB itself holds: version, stores, key paths and every index with its flags. */
async function nativeSchema(name: string): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const names = [...db.objectStoreNames].sort();
  const stores = names.length ? db.transaction(names, 'readonly') : undefined;
  const result = {
    version: db.version,
    stores: Object.fromEntries(
      names.map((storeName) => {
        const store = stores!.objectStore(storeName);
        const indexes = [...store.indexNames].sort().map((indexName) => {
          const index = store.index(indexName);
          return { name: index.name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
        });
        return [storeName, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
      }),
    ),
  };
  db.close();
  return result;
}

const fresh = (base: string) => `${base}-${Math.random().toString(36).slice(2)}`;

/** Dexie as the pages use it: from the same declaration (history and usage have their classes). */
function pageDexie(schema: DatabaseSchema, name: string): Dexie {
  if (schema === HISTORY_SCHEMA) return new HistoryDatabase(name);
  if (schema === USAGE_SCHEMA) return new UsageDexie(name);
  const db = new Dexie(name);
  declareSchema(db, schema);
  return db;
}

/** A first write by the worker's raw opener: opens (creating the database if absent), writes, reads back. */
async function workerTouch(schema: DatabaseSchema, name: string): Promise<void> {
  const db = openIdb<Record<string, { row: { probe: string }; key: string }>>({ ...schema, name });
  // Every schema has a `meta` store; the vault's is keyed by `id`, the others' by `key`.
  const row = { [schema === VAULT_SCHEMA ? 'id' : 'key']: 'probe', probe: 'yes' } as unknown as { probe: string };
  await db['meta']!.put(row);
  expect(await db['meta']!.get('probe')).toEqual(row);
  db.close();
}

describe.each([
  ['vault', VAULT_SCHEMA],
  ['usage', USAGE_SCHEMA],
  ['history', HISTORY_SCHEMA],
] as const)('the %s database: raw opener (worker) and Dexie (pages) create the same schema', (_label, schema) => {
  test('worker first, then a page with Dexie: same stores and indexes, Dexie opens it as it is', async () => {
    const byDexie = fresh('dexie-first');
    const byWorker = fresh('worker-first');
    const dexie = pageDexie(schema, byDexie);
    await dexie.open();
    dexie.close();
    await workerTouch(schema, byWorker);

    const expected = await nativeSchema(byDexie);
    expect(await nativeSchema(byWorker)).toEqual(expected);
    expect(expected).toMatchObject({ version: schema.versions.at(-1)!.version * 10 });

    // Dexie on the worker's database: no version error, no schema warning, no upgrade of its own.
    const warn = vi.spyOn(console, 'warn');
    const page = pageDexie(schema, byWorker);
    await page.open();
    expect(page.verno).toBe(schema.versions.at(-1)!.version);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    page.close();
    expect(await nativeSchema(byWorker)).toEqual(expected);
  });

  test('a page with Dexie first, then the worker: it opens, reads and writes without a version change', async () => {
    const name = fresh('page-first');
    const page = pageDexie(schema, name);
    await page.open();
    const before = await nativeSchema(name);
    // The page keeps its connection open, as an open options page does.
    await workerTouch(schema, name);
    expect(await nativeSchema(name)).toEqual(before);
    page.close();
  });
});

describe('the vault database as earlier builds declared it (Dexie, on users\' disks)', () => {
  test('the raw opener opens it without an upgrade and with the same schema it would create', async () => {
    const legacyName = fresh('legacy-vault');
    const legacy = new Dexie(legacyName);
    legacy.version(1).stores({ meta: '&id', secrets: '&id, provider, createdAt', state: '&key' });
    legacy.version(2).stores({ epoch: '&id' });
    await legacy.open();
    legacy.close();
    const created = fresh('raw-vault');
    await workerTouch(VAULT_SCHEMA, created);
    expect(await nativeSchema(created)).toEqual(await nativeSchema(legacyName));
    await workerTouch(VAULT_SCHEMA, legacyName);
  });
});

describe('openIdb connection', () => {
  test('closes for a page that upgrades the database, and opens it again (at the newer version) on the next call', async () => {
    const name = fresh('versionchange');
    const worker = openIdb<{ meta: { row: { key: string; n: number }; key: string } }>({ ...USAGE_SCHEMA, name });
    await worker.meta.put({ key: 'a', n: 1 });
    // A later build's page, one version up: it must not be blocked by the worker's open connection.
    const later = new Dexie(name);
    declareSchema(later, { ...USAGE_SCHEMA, versions: [...USAGE_SCHEMA.versions, { version: 2, stores: { extra: '&id' } }] });
    await later.open();
    expect(later.verno).toBe(2);
    later.close();
    expect(await worker.meta.get('a')).toEqual({ key: 'a', n: 1 });
    await worker.meta.put({ key: 'b', n: 2 });
    expect(await worker.meta.count()).toBe(2);
    worker.close();
  });

  test('a transaction that throws writes nothing; one that completes writes everything', async () => {
    const worker = openIdb<{ meta: { row: { key: string; n: number }; key: string }; calls: { row: { id: string; at: number }; key: string } }>({ ...USAGE_SCHEMA, name: fresh('tx') });
    await expect(
      worker.transaction('rw', ['meta', 'calls'], async (tx) => {
        await tx.meta.put({ key: 'a', n: 1 });
        await tx.calls.put({ id: 'c', at: 1 });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await worker.meta.count()).toBe(0);
    expect(await worker.calls.count()).toBe(0);
    await worker.transaction('rw', ['meta', 'calls'], async (tx) => {
      await tx.meta.put({ key: 'a', n: 1 });
      await tx.calls.put({ id: 'c', at: 1 });
    });
    expect(await worker.calls.where('at').between(0, 2).toArray()).toEqual([{ id: 'c', at: 1 }]);
    expect(await worker.calls.where('at').below(1).count()).toBe(0);
    expect(await worker.calls.where('at').belowOrEqual(1).delete()).toBe(1);
    worker.close();
  });
});
