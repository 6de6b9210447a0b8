import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { deriveMacKey, importRootKey, type UnlockedSession, type OpenSession } from '@/src/session/unlocked-session';
import { dataKeyAssociatedData, deriveKeyEncryptionKey, importDataKey, newDataKeyBytes, open, seal } from './crypto';
import type { EpochRow, VaultDatabase } from './db';
import { randomBytes, toBase64, utf8, zeroize } from './encoding';
import { deriveRecordKey, EPOCH_KEY_BYTES, missingEpochKey, type EpochKeyStore } from './epochs';
import {
  ARGON2_ITERATIONS,
  ARGON2_MEMORY_KIB,
  ARGON2_PARALLELISM,
  FORMAT_VERSION,
  SALT_BYTES,
  VaultMeta,
  type KdfParams,
  type SecretPayload,
  type SecretRecord,
} from './format';
import { checkHeader, needsUpgrade } from './header';
import { PASSPHRASE_REFUSAL_MESSAGES, passphraseRefusal, type PassphraseStrength } from './passphrase-policy';
import { throttledError, UnlockThrottle } from './unlock-throttle';
import { associatedDataFor, resealAll } from './reseal';

export interface VaultDeps {
  db: VaultDatabase;
  session: UnlockedSession;
  now: () => number;
  /** Where the epoch keys live (OPFS in the browser). */
  epochs: EpochKeyStore;
  /** The weakest new passphrase allowed (an organisation policy may raise it, src/policy); 3 without one. */
  minStrength?: () => Promise<PassphraseStrength>;
}

export type VaultState = 'absent' | 'locked' | 'unlocked';

export interface UnlockedVault extends OpenSession {
  meta: VaultMeta;
  /** The epoch the records are sealed under; undefined for a vault from before epochs. */
  epochId: string | undefined;
  /** What the records are sealed under: derived from the data key and the epoch key (the data key itself before epochs). */
  recordKey: CryptoKey;
}

/** A key deletion or rotation, done as a rekey so that no old sealed copy stays readable. */
export interface RecordChange {
  remove?: string;
  replace?: { record: Omit<SecretRecord, 'sealed'>; secret: SecretPayload };
}

const passphraseRequired = () =>
  new AppError('PASSPHRASE_REQUIRED', phrase('error_passphraseRequired'));

const wrongPassphrase = () => new AppError('WRONG_PASSPHRASE', phrase('error_wrongPassphrase'));

export function damagedVault(): AppError {
  return new AppError(
    'VAULT_DAMAGED',
    phrase('error_headerUnreadable'),
  );
}

/** The worker's own strength rule: a page that skips its zxcvbn check still cannot set a weak passphrase. */
function checkNewPassphrase(passphrase: string, strength: PassphraseStrength): void {
  const refusal = passphraseRefusal(passphrase, strength);
  if (refusal) throw new AppError('WEAK_PASSPHRASE', PASSPHRASE_REFUSAL_MESSAGES[refusal]);
}

/** The vault's lifecycle: create, unlock, lock, change passphrase, rekey, wipe. One operation at a time. */
export class Vault {
  private readonly throttle: UnlockThrottle;
  private queue: Promise<unknown> = Promise.resolve();
  /** Settles when the passphrase change under way has written its header and opened its session (or failed). */
  private changing: Promise<unknown> | undefined;
  /** Record keys derived in this session, by data key id and epoch id; forgotten when the session closes. */
  private readonly recordKeys = new Map<string, CryptoKey>();

  constructor(private readonly deps: VaultDeps) {
    this.throttle = new UnlockThrottle(deps.db, deps.now);
    deps.session.onClose(() => this.recordKeys.clear());
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
    return (await this.openSession()) ? 'unlocked' : 'locked';
  }

  /**
   * What `vault.status` shows, in as few round trips as a cold worker can afford: the header and the
   * unlock counter in one transaction, beside a look at the session that imports no key. Only a
   * session whose ids do not match the header (a passphrase change between its two writes, a stale
   * session, a damaged header) takes the full path of `state()`, which settles those cases.
   */
  async status(): Promise<{ state: VaultState; meta: VaultMeta | undefined; retryAfterMs: number; locksAt: number | undefined }> {
    const [[row, counter], session] = await Promise.all([
      this.deps.db.transaction('r', ['meta', 'state'], (tx) => Promise.all([tx.meta.get('main'), tx.state.get('unlock-throttle')])),
      this.deps.session.peek(),
    ]);
    const parsed = row === undefined ? undefined : VaultMeta.safeParse(row);
    const meta = parsed?.success ? parsed.data : undefined;
    const retryAfterMs = this.throttle.waitAfter(counter);
    if (row === undefined) return { state: 'absent', meta, retryAfterMs, locksAt: undefined };
    if (!session) return { state: 'locked', meta, retryAfterMs, locksAt: undefined };
    if (meta?.vaultId === session.vaultId && meta.dataKeyId === session.dataKeyId) return { state: 'unlocked', meta, retryAfterMs, locksAt: session.locksAt };
    const state = await this.state();
    return { state, meta, retryAfterMs, locksAt: state === 'unlocked' ? await this.deps.session.locksAt() : undefined };
  }

  unlockDelayMs(): Promise<number> {
    return this.throttle.waitMs();
  }

  /**
   * The open session and the header it belongs to, or undefined. A session whose data key no
   * longer matches the header is closed, unless a passphrase change is replacing it: its new
   * header lands a moment before its new session, so a reader in between waits for it and reads again.
   */
  private async openSession(): Promise<(OpenSession & { meta: VaultMeta }) | undefined> {
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

  /** The unlocked vault with the record key of the current epoch, or undefined when locked. */
  async openVault(): Promise<UnlockedVault | undefined> {
    for (let attempt = 0; ; attempt++) {
      const opened = await this.openSession();
      if (!opened) return undefined;
      const epoch = await this.deps.db.epoch.get('current');
      try {
        return { ...opened, epochId: epoch?.epochId, recordKey: await this.recordKeyOf(opened, epoch) };
      } catch (error) {
        // A rekey may have replaced the epoch (and removed its key file) since it was read.
        const now = await this.deps.db.epoch.get('current');
        if (attempt >= 2 || now?.epochId === epoch?.epochId) throw error;
      }
    }
  }

  async requireUnlocked(): Promise<UnlockedVault> {
    const unlocked = await this.openVault();
    if (unlocked) return unlocked;
    if ((await this.deps.db.meta.count()) === 0) {
      throw new AppError('VAULT_ABSENT', phrase('error_noVaultCreate'));
    }
    throw new AppError('VAULT_LOCKED', phrase('error_vaultLocked'));
  }

  /** True when the data key or the epoch changed since `vault` was read: what it read may be sealed under a newer key. */
  async changedSince(vault: UnlockedVault): Promise<boolean> {
    const [meta, epoch] = await Promise.all([this.deps.db.meta.get('main'), this.deps.db.epoch.get('current')]);
    return meta?.dataKeyId !== vault.dataKeyId || epoch?.epochId !== vault.epochId;
  }

  private async recordKeyOf(session: Pick<OpenSession, 'dataKeyId' | 'key' | 'root'>, epoch: EpochRow | undefined): Promise<CryptoKey> {
    if (!epoch) return session.key;
    const id = `${session.dataKeyId}/${epoch.epochId}`;
    const cached = this.recordKeys.get(id);
    if (cached) return cached;
    const bytes = await this.deps.epochs.read(epoch.epochId);
    if (!bytes) throw missingEpochKey();
    try {
      const key = await deriveRecordKey(session.root, bytes, epoch.epochId);
      this.recordKeys.set(id, key);
      return key;
    } finally {
      zeroize(bytes);
    }
  }

  /** A new epoch key, written to its file before anything refers to it. */
  private async newEpoch(root: CryptoKey, dataKeyId: string): Promise<{ row: EpochRow; key: CryptoKey }> {
    const row: EpochRow = { id: 'current', epochId: crypto.randomUUID(), createdAt: this.deps.now() };
    const bytes = randomBytes(EPOCH_KEY_BYTES);
    try {
      await this.deps.epochs.write(row.epochId, bytes);
      const key = await deriveRecordKey(root, bytes, row.epochId);
      this.recordKeys.set(`${dataKeyId}/${row.epochId}`, key);
      return { row, key };
    } finally {
      zeroize(bytes);
    }
  }

  /** Deletes every epoch key file but `keep`'s: what was sealed under them can no longer be opened. Only inside `exclusive`. */
  private async dropEpochsExcept(keep: string | undefined): Promise<void> {
    try {
      for (const epochId of await this.deps.epochs.list()) {
        if (epochId === keep) continue;
        await this.deps.epochs.remove(epochId);
        for (const id of this.recordKeys.keys()) if (id.endsWith(`/${epochId}`)) this.recordKeys.delete(id);
      }
    } catch (error) {
      // The next rekey, or the next start of the worker, tries again.
      console.warn('Keyward: an old epoch key file could not be deleted yet.', error instanceof Error ? error.name : 'unknown');
    }
  }

  /**
   * At worker start: removes epoch key files that no header refers to (a rekey or a wipe that
   * the browser's death interrupted between its commit and its clean-up).
   */
  sweepEpochs(): Promise<void> {
    return this.exclusive(async () => {
      const epoch = await this.deps.db.epoch.get('current');
      await this.dropEpochsExcept(epoch?.epochId);
    });
  }

  private async minStrength(): Promise<PassphraseStrength> {
    return (await this.deps.minStrength?.()) ?? 3;
  }

  create(passphrase: string): Promise<void> {
    return this.exclusive(async () => {
      checkNewPassphrase(passphrase, await this.minStrength());
      if (await this.deps.db.meta.count()) throw new AppError('VAULT_EXISTS', phrase('error_vaultExistsUnlock'));
      const vaultId = crypto.randomUUID();
      const raw = newDataKeyBytes();
      const meta = await this.wrapDataKey({ vaultId, dataKeyId: crypto.randomUUID(), raw, passphrase, createdAt: this.deps.now() });
      // No vault: any epoch key file left is garbage.
      await this.dropEpochsExcept(undefined);
      const epoch = await this.newEpoch(await importRootKey(raw), meta.dataKeyId);
      const { db } = this.deps;
      try {
        await db.transaction('rw', ['meta', 'epoch'], async (tx) => {
          if (await tx.meta.count()) throw new AppError('VAULT_EXISTS', phrase('error_vaultExists'));
          await tx.meta.put(meta);
          await tx.epoch.put(epoch.row);
        });
      } catch (error) {
        await this.deps.epochs.remove(epoch.row.epochId).catch(() => undefined);
        throw error;
      }
      await this.deps.session.open(vaultId, meta.dataKeyId, raw);
    });
  }

  unlock(passphrase: string): Promise<void> {
    return this.exclusive(async () => {
      const meta = await this.readMeta();
      if (!meta) throw new AppError('VAULT_ABSENT', phrase('error_noVaultCreateFirst'));
      const raw = await this.unwrapDataKey(meta, passphrase);
      if (needsUpgrade(meta)) await this.upgradeHeader(meta, raw, passphrase);
      await this.throttle.reset();
      if (!(await this.deps.db.epoch.get('current'))) await this.moveToEpochs(meta, raw);
      await this.deps.session.open(meta.vaultId, meta.dataKeyId, raw);
    });
  }

  /** A vault from before epochs: its records are re-sealed under a first epoch. Failing leaves it as it was, still opening. */
  private async moveToEpochs(meta: VaultMeta, raw: Uint8Array<ArrayBuffer>): Promise<void> {
    const root = await importRootKey(raw);
    let epoch: { row: EpochRow; key: CryptoKey } | undefined;
    try {
      epoch = await this.newEpoch(root, meta.dataKeyId);
      const oldKey = await importDataKey(raw);
      await resealAll({ db: this.deps.db, meta, epochId: undefined, oldKey, newMeta: meta, newEpoch: epoch.row, newKey: epoch.key, damaged: 'keep' });
      await this.dropEpochsExcept(epoch.row.epochId);
    } catch (error) {
      if (epoch) await this.deps.epochs.remove(epoch.row.epochId).catch(() => undefined);
      console.warn('Keyward: the vault could not be moved to epoch keys yet; it stays as it was.', error instanceof AppError ? error.code : 'unknown');
    }
  }

  async lock(): Promise<void> {
    await this.deps.session.close();
  }

  /**
   * Checks a passphrase against the vault, through the same throttle as unlock: a wrong one counts
   * as a failed unlock, and a throttled vault refuses before trying. When the vault is unlocked, the
   * data key it opens must be the open session's. Only inside `exclusive`; `verifyPassphrase` otherwise.
   */
  async checkPassphrase(passphrase: string | undefined): Promise<void> {
    if (!passphrase) throw passphraseRequired();
    const opened = await this.openSession();
    const meta = opened?.meta ?? (await this.readMeta());
    if (!meta) throw new AppError('VAULT_ABSENT', phrase('error_noVault'));
    const raw = await this.unwrapDataKey(meta, passphrase);
    try {
      if (opened) {
        const probe = utf8.encode(`keyward.verify:${meta.dataKeyId}`);
        const [mine, theirs] = await Promise.all([
          deriveMacKey(raw).then((key) => crypto.subtle.sign('HMAC', key, probe)),
          crypto.subtle.sign('HMAC', opened.macKey, probe),
        ]);
        const a = new Uint8Array(mine);
        const b = new Uint8Array(theirs);
        if (a.length !== b.length || a.some((byte, index) => byte !== b[index])) {
          throw new AppError('CONFLICT', phrase('error_vaultChangedRelock'));
        }
      }
    } finally {
      zeroize(raw);
    }
    await this.throttle.reset();
  }

  /** `checkPassphrase` in the vault's queue: for security changes that are not vault operations themselves. */
  verifyPassphrase(passphrase: string | undefined): Promise<void> {
    return this.exclusive(() => this.checkPassphrase(passphrase));
  }

  /**
   * Runs `work` on the unlocked vault, in the vault's queue, once the passphrase checked out (an
   * export, which must not see a rekey half-way). Locked, it fails as locked without trying the passphrase.
   */
  withPassphrase<T>(passphrase: string | undefined, work: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.requireUnlocked();
      await this.checkPassphrase(passphrase);
      return work();
    });
  }

  /**
   * A key deletion or rotation: a new epoch key, every record re-sealed under the new record key
   * (less the deleted one, with the rotated one's new secret) in one transaction, then the old
   * epoch key deleted. The old sealed copies LevelDB keeps are then unreadable. Only inside `exclusive`.
   */
  async rekeyRecords(vault: UnlockedVault, change: RecordChange): Promise<SecretRecord | undefined> {
    const epoch = await this.newEpoch(vault.root, vault.dataKeyId);
    let replaced: SecretRecord | undefined;
    try {
      replaced = await resealAll({
        db: this.deps.db,
        meta: vault.meta,
        epochId: vault.epochId,
        oldKey: vault.recordKey,
        newMeta: vault.meta,
        newEpoch: epoch.row,
        newKey: epoch.key,
        damaged: 'keep',
        ...change,
      });
    } catch (error) {
      await this.deps.epochs.remove(epoch.row.epochId).catch(() => undefined);
      throw error;
    }
    await this.dropEpochsExcept(epoch.row.epochId);
    return replaced;
  }

  /**
   * New passphrase, new salt, a new data key and a new epoch; every record is re-encrypted. Everything
   * is computed first and written in one IndexedDB transaction, so a failure or a browser crash at
   * any point leaves the old vault whole and opening with the old passphrase. The old epoch key is
   * deleted after the commit: copies of the old vault left on disk no longer open, even with the old passphrase.
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
    checkNewPassphrase(next, await this.minStrength());
    const meta = await this.readMeta();
    if (!meta) throw new AppError('VAULT_ABSENT', phrase('error_noVault'));
    const oldRaw = await this.unwrapDataKey(meta, current);
    await this.throttle.reset();
    const oldEpoch = await this.deps.db.epoch.get('current');
    const newRaw = newDataKeyBytes();
    let epoch: { row: EpochRow; key: CryptoKey } | undefined;
    try {
      const oldKey = await this.recordKeyOf(
        { dataKeyId: meta.dataKeyId, key: await importDataKey(oldRaw), root: await importRootKey(oldRaw) },
        oldEpoch,
      );
      const newMeta = await this.wrapDataKey({
        vaultId: meta.vaultId,
        dataKeyId: crypto.randomUUID(),
        raw: newRaw,
        passphrase: next,
        createdAt: meta.createdAt,
      });
      epoch = await this.newEpoch(await importRootKey(newRaw), newMeta.dataKeyId);
      await resealAll({ db: this.deps.db, meta, epochId: oldEpoch?.epochId, oldKey, newMeta, newEpoch: epoch.row, newKey: epoch.key, damaged: 'refuse' });
      await this.deps.session.open(meta.vaultId, newMeta.dataKeyId, newRaw);
    } catch (error) {
      if (epoch && (await this.deps.db.epoch.get('current'))?.epochId !== epoch.row.epochId) {
        await this.deps.epochs.remove(epoch.row.epochId).catch(() => undefined);
      }
      zeroize(newRaw);
      throw error;
    } finally {
      zeroize(oldRaw);
    }
    await this.dropEpochsExcept(epoch.row.epochId);
  }

  /**
   * Fills an empty vault from a verified backup: its header as it is (it opens with the backup's
   * passphrase), its records re-sealed under a new epoch, then the session opened.
   */
  restore(meta: VaultMeta, records: SecretRecord[], raw: Uint8Array<ArrayBuffer>): Promise<void> {
    return this.exclusive(async () => {
      const { db } = this.deps;
      if (await db.meta.count()) throw new AppError('CONFLICT', phrase('error_vaultCreatedMeanwhile'));
      const backupKey = await importDataKey(raw);
      await this.dropEpochsExcept(undefined);
      const epoch = await this.newEpoch(await importRootKey(raw), meta.dataKeyId);
      try {
        const resealed: SecretRecord[] = [];
        for (const record of records) {
          const ad = associatedDataFor(record, meta.vaultId, meta.formatVersion);
          const plaintext = await open(backupKey, record.sealed, ad, () => new AppError('BACKUP_INVALID', phrase('error_backupKeyUndecryptable', record.label)));
          resealed.push({ ...record, sealed: await seal(epoch.key, plaintext, ad) });
          plaintext.fill(0);
        }
        await db.transaction('rw', ['meta', 'secrets', 'epoch'], async (tx) => {
          if (await tx.meta.count()) throw new AppError('CONFLICT', phrase('error_vaultCreatedMeanwhile'));
          await tx.meta.put(meta);
          await tx.secrets.bulkPut(resealed);
          await tx.epoch.put(epoch.row);
        });
      } catch (error) {
        await this.deps.epochs.remove(epoch.row.epochId).catch(() => undefined);
        throw error;
      }
      await this.deps.session.open(meta.vaultId, meta.dataKeyId, raw);
    });
  }

  /**
   * Deletes the vault and every epoch key, so that nothing LevelDB kept of it can be opened again.
   * While the vault is unlocked this needs the passphrase; locked (a forgotten passphrase) or
   * unreadable, the typed confirmation is all there is. `authorized` runs once it may go ahead.
   */
  wipe(passphrase?: string, authorized?: () => Promise<void>): Promise<void> {
    return this.exclusive(async () => {
      const { db } = this.deps;
      const unlocked = await this.openSession().catch(() => undefined);
      if (unlocked) await this.checkPassphrase(passphrase);
      await authorized?.();
      await db.transaction('rw', ['meta', 'secrets', 'state', 'epoch'], async (tx) => {
        await Promise.all([tx.meta.clear(), tx.secrets.clear(), tx.state.clear(), tx.epoch.clear()]);
      });
      await this.dropEpochsExcept(undefined);
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
    await this.deps.db.transaction('rw', ['meta'], async (tx) => {
      const current = await tx.meta.get('main');
      if (current?.wrappedDataKey.ciphertext !== meta.wrappedDataKey.ciphertext) return;
      await tx.meta.put(upgraded);
    });
  }
}
