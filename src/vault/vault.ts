import { AppError } from '@/src/shared/errors';
import type { UnlockedSession, OpenSession } from '@/src/session/unlocked-session';
import { dataKeyAssociatedData, deriveKeyEncryptionKey, newDataKeyBytes, open, seal } from './crypto';
import type { VaultDatabase } from './db';
import { randomBytes, toBase64, zeroize } from './encoding';
import { ARGON2_ITERATIONS, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM, FORMAT_VERSION, SALT_BYTES, VaultMeta, type KdfParams } from './format';
import { checkHeader, needsUpgrade } from './header';
import { PASSPHRASE_REFUSAL_MESSAGES, passphraseRefusal } from './passphrase-policy';
import { throttledError, UnlockThrottle } from './unlock-throttle';
import { resealAll } from './reseal';

export interface VaultDeps {
  db: VaultDatabase;
  session: UnlockedSession;
  now: () => number;
}

export type VaultState = 'absent' | 'locked' | 'unlocked';

export interface UnlockedVault extends OpenSession {
  meta: VaultMeta;
}

const wrongPassphrase = () => new AppError('WRONG_PASSPHRASE', 'That passphrase is not correct. Your keys are untouched; try again.');

export function damagedVault(): AppError {
  return new AppError(
    'VAULT_DAMAGED',
    'The vault header is damaged and cannot be read. Your data was left as it is; restore a backup or wipe the vault to start over.',
  );
}

/** The worker's own strength rule: a page that skips its zxcvbn check still cannot set a weak passphrase. */
function checkNewPassphrase(passphrase: string): void {
  const refusal = passphraseRefusal(passphrase);
  if (refusal) throw new AppError('WEAK_PASSPHRASE', PASSPHRASE_REFUSAL_MESSAGES[refusal]);
}

/** The vault's lifecycle: create, unlock, lock, change passphrase, wipe. One operation at a time. */
export class Vault {
  private readonly throttle: UnlockThrottle;
  private queue: Promise<unknown> = Promise.resolve();
  /** Settles when the passphrase change under way has written its header and opened its session (or failed). */
  private changing: Promise<unknown> | undefined;

  constructor(private readonly deps: VaultDeps) {
    this.throttle = new UnlockThrottle(deps.db, deps.now);
  }

  /** Runs vault operations one after another, so two unlocks or a change and an add never interleave. */
  exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async readMeta(): Promise<VaultMeta | undefined> {
    const row: unknown = await this.deps.db.meta.get('main');
    if (row === undefined) return undefined;
    const parsed = VaultMeta.safeParse(row);
    if (!parsed.success) throw damagedVault();
    return parsed.data;
  }

  async state(): Promise<VaultState> {
    if ((await this.deps.db.meta.count()) === 0) return 'absent';
    return (await this.openVault()) ? 'unlocked' : 'locked';
  }

  unlockDelayMs(): Promise<number> {
    return this.throttle.waitMs();
  }

  /**
   * The unlocked vault, or undefined. A session whose data key no longer matches the header is
   * closed, unless a passphrase change is replacing it: its new header lands a moment before its
   * new session, so a reader in between waits for it and reads again.
   */
  async openVault(): Promise<UnlockedVault | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const session = await this.deps.session.current();
      if (!session) return undefined;
      const meta = await this.readMeta();
      if (meta && meta.vaultId === session.vaultId && meta.dataKeyId === session.dataKeyId) return { ...session, meta };
      if (this.changing) {
        await this.changing;
        continue;
      }
      if (await this.deps.session.closeStale(session.dataKeyId)) return undefined;
    }
    return undefined;
  }

  async requireUnlocked(): Promise<UnlockedVault> {
    const unlocked = await this.openVault();
    if (unlocked) return unlocked;
    if ((await this.deps.db.meta.count()) === 0) {
      throw new AppError('VAULT_ABSENT', 'There is no vault yet. Create one in the options page to add keys.');
    }
    throw new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it with your passphrase to continue.');
  }

  create(passphrase: string): Promise<void> {
    return this.exclusive(async () => {
      checkNewPassphrase(passphrase);
      if (await this.deps.db.meta.count()) throw new AppError('VAULT_EXISTS', 'A vault already exists. Unlock it, or wipe it first.');
      const vaultId = crypto.randomUUID();
      const raw = newDataKeyBytes();
      const meta = await this.wrapDataKey({ vaultId, dataKeyId: crypto.randomUUID(), raw, passphrase, createdAt: this.deps.now() });
      await this.deps.db.transaction('rw', this.deps.db.meta, async () => {
        if (await this.deps.db.meta.count()) throw new AppError('VAULT_EXISTS', 'A vault already exists.');
        await this.deps.db.meta.put(meta);
      });
      await this.deps.session.open(vaultId, meta.dataKeyId, raw);
    });
  }

  unlock(passphrase: string): Promise<void> {
    return this.exclusive(async () => {
      const meta = await this.readMeta();
      if (!meta) throw new AppError('VAULT_ABSENT', 'There is no vault yet. Create one first.');
      const raw = await this.unwrapDataKey(meta, passphrase);
      if (needsUpgrade(meta)) await this.upgradeHeader(meta, raw, passphrase);
      await this.throttle.reset();
      await this.deps.session.open(meta.vaultId, meta.dataKeyId, raw);
    });
  }

  async lock(): Promise<void> {
    await this.deps.session.close();
  }

  /**
   * New passphrase, new salt and a new data key; every record is re-encrypted. Everything is
   * computed first and written in one IndexedDB transaction, so a failure or a browser crash at
   * any point leaves the old vault whole and opening with the old passphrase.
   */
  changePassphrase(current: string, next: string): Promise<void> {
    return this.exclusive(() => this.markChanging(() => this.reseal(current, next)));
  }

  /** Marks a passphrase change under way, for openVault. `work` never goes through openVault, so it cannot wait on itself. */
  private async markChanging(work: () => Promise<void>): Promise<void> {
    const running = work();
    this.changing = running.catch(() => undefined);
    try {
      await running;
    } finally {
      this.changing = undefined;
    }
  }

  private async reseal(current: string, next: string): Promise<void> {
    checkNewPassphrase(next);
    const meta = await this.readMeta();
    if (!meta) throw new AppError('VAULT_ABSENT', 'There is no vault yet.');
    const oldRaw = await this.unwrapDataKey(meta, current);
    await this.throttle.reset();
    const newRaw = newDataKeyBytes();
    const newMeta = await this.wrapDataKey({
      vaultId: meta.vaultId,
      dataKeyId: crypto.randomUUID(),
      raw: newRaw,
      passphrase: next,
      createdAt: meta.createdAt,
    });
    try {
      await resealAll({ db: this.deps.db, meta, newMeta, oldRaw, newRaw });
    } finally {
      zeroize(oldRaw);
    }
    await this.deps.session.open(meta.vaultId, newMeta.dataKeyId, newRaw);
  }

  wipe(): Promise<void> {
    return this.exclusive(async () => {
      const { db } = this.deps;
      await db.transaction('rw', [db.meta, db.secrets, db.state], async () => {
        await Promise.all([db.meta.clear(), db.secrets.clear(), db.state.clear()]);
      });
      await this.deps.session.close();
    });
  }

  private async unwrapDataKey(meta: VaultMeta, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
    const waitMs = await this.throttle.waitMs();
    if (waitMs > 0) throw throttledError(waitMs);
    checkHeader(meta);
    const kek = await deriveKeyEncryptionKey(passphrase, meta.kdf);
    try {
      return await open(kek, meta.wrappedDataKey, dataKeyAssociatedData(meta.vaultId, meta.formatVersion, meta.kdf, meta.dataKeyId), wrongPassphrase);
    } catch (error) {
      await this.throttle.recordFailure();
      throw error;
    }
  }

  private async wrapDataKey(input: {
    vaultId: string;
    dataKeyId: string;
    raw: Uint8Array<ArrayBuffer>;
    passphrase: string;
    createdAt: number;
  }): Promise<VaultMeta> {
    const kdf: KdfParams = {
      name: 'Argon2id',
      memoryKiB: ARGON2_MEMORY_KIB,
      iterations: ARGON2_ITERATIONS,
      parallelism: ARGON2_PARALLELISM,
      salt: toBase64(randomBytes(SALT_BYTES)),
    };
    const kek = await deriveKeyEncryptionKey(input.passphrase, kdf);
    const wrappedDataKey = await seal(kek, input.raw, dataKeyAssociatedData(input.vaultId, FORMAT_VERSION, kdf, input.dataKeyId));
    return {
      id: 'main',
      vaultId: input.vaultId,
      formatVersion: FORMAT_VERSION,
      kdf,
      dataKeyId: input.dataKeyId,
      wrappedDataKey,
      createdAt: input.createdAt,
      updatedAt: this.deps.now(),
    };
  }

  /**
   * Re-wraps the same data key under today's KDF (a version-1 PBKDF2 header becomes version 2,
   * Argon2id) with a fresh salt. The records are untouched: their associated data did not change.
   */
  private async upgradeHeader(meta: VaultMeta, raw: Uint8Array<ArrayBuffer>, passphrase: string): Promise<void> {
    const upgraded = await this.wrapDataKey({ vaultId: meta.vaultId, dataKeyId: meta.dataKeyId, raw, passphrase, createdAt: meta.createdAt });
    await this.deps.db.transaction('rw', this.deps.db.meta, async () => {
      const current = await this.deps.db.meta.get('main');
      if (current?.wrappedDataKey.ciphertext !== meta.wrappedDataKey.ciphertext) return;
      await this.deps.db.meta.put(upgraded);
    });
  }
}
