import Dexie, { type EntityTable } from 'dexie';
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

/** IndexedDB database of the vault. Holds ciphertext and non-secret metadata only. */
export class VaultDatabase extends Dexie {
  meta!: EntityTable<VaultMeta, 'id'>;
  secrets!: EntityTable<SecretRecord, 'id'>;
  state!: EntityTable<UnlockThrottleRow, 'key'>;
  epoch!: EntityTable<EpochRow, 'id'>;

  constructor(name = 'keyward-vault') {
    super(name);
    this.version(1).stores({
      meta: '&id',
      secrets: '&id, provider, createdAt',
      state: '&key',
    });
    this.version(2).stores({ epoch: '&id' });
  }
}
