/**
 * A small promise layer over raw IndexedDB, for the worker: Dexie costs about 10 ms of every cold
 * wake, and the worker only needs keyed reads and writes, a few index ranges and transactions.
 *
 * The schema is declared once per database in Dexie's syntax (`'&id, provider, [a+b], *tags'`):
 * the pages build their Dexie class from that declaration, and `openIdb` creates exactly the
 * stores and indexes Dexie would (same names, key paths, unique/multiEntry flags, and Dexie's
 * native version, declared version × 10), so either side may be the first to open a database.
 * tests/unit/platform/idb-schema.test.ts proves both orders.
 *
 * Method names follow Dexie's Table API (get, put, where(...).below(...).delete(), ...) so the
 * domain code reads the same; inside `transaction` the callback receives its tables explicitly,
 * as there is no zone to carry the transaction across awaits.
 */

/** Per store: Dexie's index syntax, or null to delete the store in that version. */
export type StoreSpecs = Readonly<Record<string, string | null>>;

export interface SchemaVersion {
  /** Dexie's version number; IndexedDB's is ten times it. */
  readonly version: number;
  readonly stores: StoreSpecs;
}

export interface DatabaseSchema {
  readonly name: string;
  /** Ascending; each version lists only the stores it adds or changes, as with Dexie's `version(n).stores()`. */
  readonly versions: readonly SchemaVersion[];
}

export interface IndexSpec {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}

export interface StoreSpec {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: IndexSpec[];
}

function parseKeyPath(source: string): string | string[] {
  return source.startsWith('[') ? source.slice(1, -1).split('+').map((part) => part.trim()) : source;
}

/** Dexie's index syntax: the first entry is the primary key (`++` auto-increment, empty: outbound keys), then the indexes. */
export function parseStoreSpec(spec: string): StoreSpec {
  const [primary = '', ...rest] = spec.split(',').map((part) => part.trim());
  const autoIncrement = primary.startsWith('++');
  const primaryPath = primary.replace(/^(\+\+|&)/, '');
  const indexes = rest.map((entry): IndexSpec => {
    const unique = entry.startsWith('&');
    const multiEntry = entry.startsWith('*');
    const name = entry.replace(/^[&*]/, '');
    return { name, keyPath: parseKeyPath(name), unique, multiEntry };
  });
  return { keyPath: primaryPath ? parseKeyPath(primaryPath) : null, autoIncrement, indexes };
}

/** The stores as they stand at `version`: every earlier version's declarations, later ones winning. */
export function storesAt(schema: DatabaseSchema, version: number): Map<string, StoreSpec> {
  const stores = new Map<string, StoreSpec>();
  for (const step of schema.versions) {
    if (step.version > version) break;
    for (const [name, spec] of Object.entries(step.stores)) {
      if (spec === null) stores.delete(name);
      else stores.set(name, parseStoreSpec(spec));
    }
  }
  return stores;
}

export function nativeVersion(schema: DatabaseSchema): number {
  return (schema.versions.at(-1)?.version ?? 1) * 10;
}

const sameKeyPath = (a: string | string[] | null, b: string | string[] | null) => JSON.stringify(a) === JSON.stringify(b);

/** Brings the stores of an upgrade transaction to `target`: creates, recreates changed indexes, deletes the rest. */
function applyStores(tx: IDBTransaction, target: Map<string, StoreSpec>): void {
  const db = tx.db;
  for (const name of [...db.objectStoreNames]) if (!target.has(name)) db.deleteObjectStore(name);
  for (const [name, spec] of target) {
    let store: IDBObjectStore;
    if (db.objectStoreNames.contains(name)) {
      store = tx.objectStore(name);
      if (!sameKeyPath(store.keyPath, spec.keyPath) || store.autoIncrement !== spec.autoIncrement) {
        throw new Error(`IndexedDB upgrade: the primary key of ${name} cannot change.`);
      }
    } else {
      store = spec.keyPath === null ? db.createObjectStore(name, { autoIncrement: spec.autoIncrement }) : db.createObjectStore(name, { keyPath: spec.keyPath, autoIncrement: spec.autoIncrement });
    }
    const wanted = new Map(spec.indexes.map((index) => [index.name, index]));
    for (const existing of [...store.indexNames]) {
      const index = store.index(existing);
      const want = wanted.get(existing);
      if (!want || !sameKeyPath(index.keyPath, want.keyPath) || index.unique !== want.unique || index.multiEntry !== want.multiEntry) store.deleteIndex(existing);
    }
    for (const index of spec.indexes) {
      if (!store.indexNames.contains(index.name)) store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  }
}

/** A content migration run inside the upgrade transaction, after its version's stores exist. */
export type NativeUpgrade = (tx: IDBTransaction) => Promise<void>;

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed.'));
  });
}

function upgrade(tx: IDBTransaction, schema: DatabaseSchema, oldVersion: number, upgrades: Readonly<Record<number, NativeUpgrade>>): void {
  const fail = (error: unknown) => {
    console.error('Keyward: a database upgrade failed.', error);
    try {
      tx.abort();
    } catch {
      // Already finished.
    }
  };
  if (oldVersion === 0) {
    // As Dexie: a new database gets the latest stores at once, and no content migration runs.
    applyStores(tx, storesAt(schema, Number.POSITIVE_INFINITY));
    return;
  }
  const steps = schema.versions.filter((step) => step.version * 10 > oldVersion);
  const run = async () => {
    for (const step of steps) {
      applyStores(tx, storesAt(schema, step.version));
      await upgrades[step.version]?.(tx);
    }
  };
  run().catch(fail);
}

// ---- Queries -----------------------------------------------------------------------------------

type Source = IDBObjectStore | IDBIndex;
type Mode = 'r' | 'rw';
/** Runs `work` on a store in a transaction of `mode` (the caller's, or one of its own); its result once committed. */
type Use = <R>(mode: Mode, work: (store: IDBObjectStore) => Promise<R>) => Promise<R>;

export class Collection<T> {
  private skip = 0;
  private direction: IDBCursorDirection = 'next';
  private readonly filters: ((row: T) => boolean)[] = [];

  constructor(
    private readonly use: <R>(mode: Mode, work: (source: Source) => Promise<R>) => Promise<R>,
    private readonly range: IDBKeyRange | undefined,
  ) {}

  offset(count: number): this {
    this.skip += count;
    return this;
  }

  reverse(): this {
    this.direction = this.direction === 'next' ? 'prev' : 'next';
    return this;
  }

  filter(keep: (row: T) => boolean): this {
    this.filters.push(keep);
    return this;
  }

  /** Walks the rows in key order; `visit` returns false to stop. */
  private walk(mode: Mode, visit: (row: T, cursor: IDBCursorWithValue) => boolean | void): Promise<void> {
    return this.use(
      mode,
      (source) =>
        new Promise<void>((resolve, reject) => {
          let skipped = 0;
          const req = source.openCursor(this.range, this.direction);
          req.onerror = () => reject(req.error ?? new Error('IndexedDB cursor failed.'));
          req.onsuccess = () => {
            const cursor = req.result;
            if (!cursor) return resolve();
            const row = cursor.value as T;
            if (!this.filters.every((keep) => keep(row))) return cursor.continue();
            if (skipped < this.skip) {
              skipped++;
              return cursor.continue();
            }
            if (visit(row, cursor) === false) return resolve();
            cursor.continue();
          };
        }),
    );
  }

  private get plain(): boolean {
    return !this.skip && !this.filters.length && this.direction === 'next';
  }

  async toArray(): Promise<T[]> {
    if (this.plain) return this.use('r', (source) => request(source.getAll(this.range) as IDBRequest<T[]>));
    const rows: T[] = [];
    await this.walk('r', (row) => void rows.push(row));
    return rows;
  }

  /** The primary keys in the range, in key order (no rows read); only a plain range (no offset, filter or reverse). */
  primaryKeys(): Promise<IDBValidKey[]> {
    if (!this.plain) throw new Error('primaryKeys() reads a plain range only.');
    return this.use('r', (source) => request(source.getAllKeys(this.range)));
  }

  async first(): Promise<T | undefined> {
    let found: T | undefined;
    await this.walk('r', (row) => {
      found = row;
      return false;
    });
    return found;
  }

  last(): Promise<T | undefined> {
    return this.reverse().first();
  }

  async count(): Promise<number> {
    if (this.plain) return this.use('r', (source) => request(source.count(this.range)));
    let count = 0;
    await this.walk('r', () => void count++);
    return count;
  }

  /** Deletes the rows; how many. */
  async delete(): Promise<number> {
    let count = 0;
    await this.walk('rw', (_row, cursor) => {
      cursor.delete();
      count++;
    });
    return count;
  }

  /** Merges `changes` into each row; how many. */
  async modify(changes: Partial<T>): Promise<number> {
    let count = 0;
    await this.walk('rw', (row, cursor) => {
      cursor.update({ ...row, ...changes });
      count++;
    });
    return count;
  }
}

export class WhereClause<T> {
  constructor(private readonly use: <R>(mode: Mode, work: (source: Source) => Promise<R>) => Promise<R>) {}
  private on(range: IDBKeyRange): Collection<T> {
    return new Collection<T>(this.use, range);
  }
  equals(key: IDBValidKey): Collection<T> {
    return this.on(IDBKeyRange.only(key));
  }
  /** Dexie's defaults: lower bound included, upper excluded. */
  between(lower: IDBValidKey, upper: IDBValidKey, includeLower = true, includeUpper = false): Collection<T> {
    return this.on(IDBKeyRange.bound(lower, upper, !includeLower, !includeUpper));
  }
  below(key: IDBValidKey): Collection<T> {
    return this.on(IDBKeyRange.upperBound(key, true));
  }
  belowOrEqual(key: IDBValidKey): Collection<T> {
    return this.on(IDBKeyRange.upperBound(key));
  }
  above(key: IDBValidKey): Collection<T> {
    return this.on(IDBKeyRange.lowerBound(key, true));
  }
  aboveOrEqual(key: IDBValidKey): Collection<T> {
    return this.on(IDBKeyRange.lowerBound(key));
  }
}

/** One object store: inside `transaction` bound to it, outside each call in a transaction of its own. */
export class Table<T, K extends IDBValidKey = IDBValidKey> {
  constructor(
    readonly name: string,
    private readonly use: Use,
  ) {}

  private read<R>(work: (store: IDBObjectStore) => IDBRequest<R>): Promise<R> {
    return this.use('r', (store) => request(work(store)));
  }

  get(key: K): Promise<T | undefined> {
    return this.read((store) => store.get(key) as IDBRequest<T | undefined>);
  }
  count(): Promise<number> {
    return this.read((store) => store.count());
  }
  toArray(): Promise<T[]> {
    return this.read((store) => store.getAll() as IDBRequest<T[]>);
  }
  put(row: T, key?: K): Promise<K> {
    return this.use('rw', (store) => request(store.put(row, key) as unknown as IDBRequest<K>));
  }
  add(row: T, key?: K): Promise<K> {
    return this.use('rw', (store) => request(store.add(row, key) as unknown as IDBRequest<K>));
  }
  bulkPut(rows: readonly T[]): Promise<void> {
    return this.use('rw', async (store) => void (await Promise.all(rows.map((row) => request(store.put(row))))));
  }
  bulkAdd(rows: readonly T[]): Promise<void> {
    return this.use('rw', async (store) => void (await Promise.all(rows.map((row) => request(store.add(row))))));
  }
  delete(key: K): Promise<void> {
    return this.use('rw', (store) => request(store.delete(key)));
  }
  clear(): Promise<void> {
    return this.use('rw', (store) => request(store.clear()));
  }
  /** Merges `changes` into the row at `key`: 1 if it was there, else 0. */
  update(key: K, changes: Partial<T>): Promise<number> {
    return this.use('rw', async (store) => {
      const row = (await request(store.get(key))) as T | undefined;
      if (row === undefined) return 0;
      await request(store.put({ ...row, ...changes }));
      return 1;
    });
  }
  /** Rows in the order of an index (or of the primary key, by its name). */
  orderBy(index: string): Collection<T> {
    return new Collection<T>(this.on(index), undefined);
  }
  where(index: string): WhereClause<T> {
    return new WhereClause<T>(this.on(index));
  }
  private on(index: string): <R>(mode: Mode, work: (source: Source) => Promise<R>) => Promise<R> {
    return (mode, work) => this.use(mode, (store) => work(index === store.keyPath ? store : store.index(index)));
  }
}

// ---- Databases ---------------------------------------------------------------------------------

/** What a schema's stores hold: row and primary-key types per store. */
export type TableTypes = Record<string, { row: unknown; key: IDBValidKey }>;
export type Tables<S extends TableTypes> = { readonly [N in keyof S]: Table<S[N]['row'], S[N]['key']> };

export type IdbDatabase<S extends TableTypes> = Tables<S> & {
  readonly name: string;
  /**
   * Runs `work` in one transaction over `stores`; resolves once it committed, rejects (and rolls
   * back) if `work` throws or the transaction aborts. As with any IndexedDB transaction, `work`
   * may await only requests on its tables: awaiting anything else lets it commit early.
   */
  transaction<R>(mode: Mode, stores: readonly (keyof S & string)[], work: (tables: Tables<S>) => Promise<R>): Promise<R>;
  close(): void;
};

function settle(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/**
 * Opens `schema` lazily on first use, with Dexie's native version and stores. A page upgrading the
 * database (`versionchange`) closes this connection, and the next call opens a fresh one.
 */
export function openIdb<S extends TableTypes>(schema: DatabaseSchema, upgrades: Readonly<Record<number, NativeUpgrade>> = {}): IdbDatabase<S> {
  let connection: Promise<IDBDatabase> | undefined;
  const version = nativeVersion(schema);

  const open = (withVersion: boolean): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const req = withVersion ? indexedDB.open(schema.name, version) : indexedDB.open(schema.name);
      req.onupgradeneeded = (event) => {
        if (req.transaction) upgrade(req.transaction, schema, event.oldVersion, upgrades);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened.'));
      req.onsuccess = () => {
        const db = req.result;
        const mine = connection;
        const forget = () => {
          if (connection === mine) connection = undefined;
        };
        db.onversionchange = () => {
          db.close();
          forget();
        };
        db.onclose = forget;
        resolve(db);
      };
    });
  const connect = (): Promise<IDBDatabase> => {
    const opening = (connection ??= open(true).catch((error: unknown) => {
      // A newer version (a later build's page opened it first) is still readable with these stores.
      if (error instanceof DOMException && error.name === 'VersionError') return open(false);
      throw error;
    }));
    opening.catch(() => {
      if (connection === opening) connection = undefined;
    });
    return opening;
  };

  const run = async <R>(mode: Mode, stores: readonly string[], work: (tx: IDBTransaction) => Promise<R>): Promise<R> => {
    let tx: IDBTransaction;
    try {
      tx = (await connect()).transaction(stores, mode === 'rw' ? 'readwrite' : 'readonly');
    } catch (error) {
      // The connection closed under us (a version change): one fresh try.
      if (!(error instanceof DOMException && error.name === 'InvalidStateError')) throw error;
      connection = undefined;
      tx = (await connect()).transaction(stores, mode === 'rw' ? 'readwrite' : 'readonly');
    }
    const done = settle(tx);
    let result: R;
    try {
      result = await work(tx);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted.
      }
      await done.catch(() => undefined);
      throw error;
    }
    await done;
    return result;
  };

  const tables: Record<string, Table<unknown>> = Object.fromEntries(
    [...storesAt(schema, Number.POSITIVE_INFINITY).keys()].map((name) => [name, new Table(name, (mode, work) => run(mode, [name], (tx) => work(tx.objectStore(name))))]),
  );
  // Inside a transaction each table is the database's own table object with the transaction's
  // store underneath (one object per store, as with Dexie): whatever replaces a method on
  // `db.secrets` (a test's injected failure) holds inside transactions too.
  const bound = (tx: IDBTransaction, name: string): Table<unknown> => {
    const table = tables[name];
    if (!table) throw new Error(`IndexedDB: ${schema.name} has no store ${name}.`);
    const use: Use = (_mode, work) => work(tx.objectStore(name));
    return Object.create(table, { use: { value: use } }) as Table<unknown>;
  };
  const transaction = <R>(mode: Mode, stores: readonly string[], work: (tables: Tables<S>) => Promise<R>): Promise<R> =>
    run(mode, stores, (tx) => work(Object.fromEntries(stores.map((name) => [name, bound(tx, name)])) as unknown as Tables<S>));
  return {
    ...tables,
    name: schema.name,
    transaction,
    close: () => {
      void connection?.then((db) => db.close()).catch(() => undefined);
      connection = undefined;
    },
  } as unknown as IdbDatabase<S>;
}
