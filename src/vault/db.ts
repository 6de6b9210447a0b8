import { openIdb, type DatabaseSchema, type IdbDatabase } from '@/src/platform/idb';
import type { SecretRecord, VaultMeta } from './format';

/** Which epoch key the records are sealed under (see epochs.ts). No row: an older vault, records sealed under the data key itself. */
export interface EpochRow {
  id: 'current';
  epochId: string;
  createdAt: number;
}

export interface UnlockThrottleRow {
  key: 'unlock-throttle';
  failures: number;
  lastFailureAt: number;
}

/**
 * The vault's IndexedDB schema, in Dexie's syntax. Only the worker opens the vault; earlier builds
 * opened it with Dexie, so the declaration and its versions stay Dexie's (native version 20).
 */
export const VAULT_SCHEMA: DatabaseSchema = {
  name: 'keyward-vault',
  versions: [
    { version: 1, stores: { meta: '&id', secrets: '&id, provider, createdAt', state: '&key' } },
    { version: 2, stores: { epoch: '&id' } },
  ],
};

type VaultTables = {
  meta: { row: VaultMeta; key: string };
  secrets: { row: SecretRecord; key: string };
  state: { row: UnlockThrottleRow; key: string };
  epoch: { row: EpochRow; key: string };
};

/** IndexedDB database of the vault. Holds ciphertext and non-secret metadata only. */
export type VaultDatabase = IdbDatabase<VaultTables>;

export function openVaultDatabase(name = VAULT_SCHEMA.name): VaultDatabase {
  return openIdb<VaultTables>({ ...VAULT_SCHEMA, name });
}
