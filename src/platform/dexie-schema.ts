import type Dexie from 'dexie';
import type { Transaction } from 'dexie';
import type { DatabaseSchema } from './idb';

/**
 * Declares `schema` on a page's Dexie database: the same declaration the worker's raw opener
 * (idb.ts) reads, so both create the same stores and indexes. `upgrades` are Dexie's content
 * migrations by version; the worker carries their raw IndexedDB twins.
 */
export function declareSchema(db: Dexie, schema: DatabaseSchema, upgrades: Readonly<Record<number, (tx: Transaction) => Promise<void>>> = {}): void {
  for (const step of schema.versions) {
    const version = db.version(step.version).stores(step.stores as Record<string, string | null>);
    const migrate = upgrades[step.version];
    if (migrate) version.upgrade(migrate);
  }
}
