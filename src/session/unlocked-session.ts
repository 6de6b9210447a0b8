import { z } from 'zod/mini';
import { clearAlarm, setAlarmAt } from '@/src/platform/alarms';
import { defineSessionItem } from '@/src/platform/storage-item';
import type { AutoLockSetting } from '@/src/settings/schemas';
import { fromBase64, toBase64, utf8, zeroize } from '@/src/vault/encoding';
import { importDataKey } from '@/src/vault/crypto';

export const AUTO_LOCK_ALARM = 'keyward.auto-lock';

/**
 * What survives a worker restart while the vault is unlocked. It lives in `storage.session`,
 * which Chrome keeps in memory only and denies to content scripts.
 */
const SessionRecord = z.strictObject({
  vaultId: z.string(),
  dataKeyId: z.string(),
  dataKey: z.string(),
  lastActivityAt: z.number(),
});
type SessionRecord = z.infer<typeof SessionRecord>;

/** The one place the record is kept: a damaged or missing record reads as locked. */
const sessionItem = defineSessionItem<SessionRecord | undefined>('unlocked-session', {
  parse: (stored) => {
    const parsed = SessionRecord.safeParse(stored);
    return parsed.success ? parsed.data : undefined;
  },
  fallback: () => undefined,
});

export interface OpenSession {
  vaultId: string;
  dataKeyId: string;
  /** AES-256-GCM data key, non-extractable. */
  key: CryptoKey;
  /** HMAC-SHA256 key for backup integrity, derived from the data key with HKDF. */
  macKey: CryptoKey;
  /** The data key as HKDF input, for the record key of each epoch (src/vault/epochs.ts). */
  root: CryptoKey;
}

export interface SessionDeps {
  now: () => number;
  autoLock: () => Promise<AutoLockSetting>;
}

export function lockDeadline(lastActivityAt: number, autoLock: AutoLockSetting): number | undefined {
  return autoLock === 'browser-close' ? undefined : lastActivityAt + autoLock * 60_000;
}

export function importRootKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
}

export async function deriveMacKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode('keyward.backup-mac.v1') },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

/** The unlocked state of the vault, re-read after every worker restart and checked against the clock at every use. */
export class UnlockedSession {
  private cached: OpenSession | undefined;
  /** Counts opens and locks, so a read-then-write that raced with one can tell. */
  private changes = 0;
  private readonly closeListeners = new Set<() => void>();

  constructor(private readonly deps: SessionDeps) {}

  /**
   * Runs `listener` whenever the session closes (lock, auto-lock, wipe), so work that holds a
   * decrypted key, such as an answer still streaming, stops with it. Returns the unsubscribe.
   */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async open(vaultId: string, dataKeyId: string, raw: Uint8Array<ArrayBuffer>): Promise<OpenSession> {
    const record: SessionRecord = { vaultId, dataKeyId, dataKey: toBase64(raw), lastActivityAt: this.deps.now() };
    const session = { vaultId, dataKeyId, key: await importDataKey(raw), macKey: await deriveMacKey(raw), root: await importRootKey(raw) };
    zeroize(raw);
    this.changes += 1;
    await sessionItem.set(record);
    this.cached = session;
    await this.schedule(record.lastActivityAt);
    return session;
  }

  /** The open session, or undefined when locked. Locks first if the inactivity deadline has passed. */
  async current(): Promise<OpenSession | undefined> {
    const record = await this.liveRecord();
    if (!record) return undefined;
    if (this.cached?.dataKeyId !== record.dataKeyId || this.cached.vaultId !== record.vaultId) {
      const raw = fromBase64(record.dataKey);
      this.cached = {
        vaultId: record.vaultId,
        dataKeyId: record.dataKeyId,
        key: await importDataKey(raw),
        macKey: await deriveMacKey(raw),
        root: await importRootKey(raw),
      };
      zeroize(raw);
    }
    return this.cached;
  }

  /** A deliberate user action: pushes the auto-lock deadline forward. */
  async touch(): Promise<void> {
    const changes = this.changes;
    // An expired session is closed here, never revived: the alarm may not have fired yet.
    const record = await this.liveRecord();
    // A lock, or a new session (a passphrase change), that happened while the record was read
    // must not be undone by writing it back.
    if (!record || changes !== this.changes) return;
    record.lastActivityAt = this.deps.now();
    await sessionItem.set(record);
    await this.schedule(record.lastActivityAt);
  }

  /**
   * What a status needs, without importing any key: the ids of the live session (an expired one
   * is closed, as `current` does) and its lock deadline, from one read of the record and one of
   * the auto-lock setting, issued together.
   */
  async peek(): Promise<{ vaultId: string; dataKeyId: string; locksAt: number | undefined } | undefined> {
    const [record, autoLock] = await Promise.all([this.readRecord(), this.deps.autoLock()]);
    const live = await this.checkDeadline(record, autoLock);
    return live && { vaultId: live.vaultId, dataKeyId: live.dataKeyId, locksAt: lockDeadline(live.lastActivityAt, autoLock) };
  }

  async locksAt(): Promise<number | undefined> {
    const record = await this.readRecord();
    return record ? lockDeadline(record.lastActivityAt, await this.deps.autoLock()) : undefined;
  }

  /** Re-arms the alarm after the auto-lock setting changed. */
  async reschedule(): Promise<void> {
    const record = await this.liveRecord();
    if (record) await this.schedule(record.lastActivityAt);
  }

  /**
   * Closes the session that uses `dataKeyId` (the vault header no longer matches it: the worker
   * stopped between a passphrase change's write and its new session), unless a newer session was
   * opened meanwhile. It ends at once, without the audit of a lock (a subclass's `close` may wait
   * before removing, and a session opened in that wait would go with it). True when it closed it.
   */
  async closeStale(dataKeyId: string): Promise<boolean> {
    const changes = this.changes;
    const record = await this.readRecord();
    if (changes !== this.changes || (record !== undefined && record.dataKeyId !== dataKeyId)) return false;
    await this.end();
    return true;
  }

  close(): Promise<void> {
    return this.end();
  }

  /** Both removals are issued at once, before anything else can run: a session opened right after stays. */
  private async end(): Promise<void> {
    this.changes += 1;
    this.cached = undefined;
    for (const listener of this.closeListeners) listener();
    await Promise.all([sessionItem.remove(), clearAlarm(AUTO_LOCK_ALARM)]);
  }

  /** The stored session if its inactivity deadline has not passed; an expired one is closed. */
  private async liveRecord(): Promise<SessionRecord | undefined> {
    const record = await this.readRecord();
    return this.checkDeadline(record, record && (await this.deps.autoLock()));
  }

  /** `record` if its inactivity deadline under `autoLock` has not passed; an expired one is closed. */
  private async checkDeadline(record: SessionRecord | undefined, autoLock: AutoLockSetting | undefined): Promise<SessionRecord | undefined> {
    if (!record || autoLock === undefined) {
      this.cached = undefined;
      return undefined;
    }
    const deadline = lockDeadline(record.lastActivityAt, autoLock);
    if (deadline !== undefined && this.deps.now() >= deadline) {
      await this.close();
      return undefined;
    }
    return record;
  }

  private readRecord(): Promise<SessionRecord | undefined> {
    return sessionItem.get();
  }

  private async schedule(lastActivityAt: number): Promise<void> {
    const deadline = lockDeadline(lastActivityAt, await this.deps.autoLock());
    if (deadline === undefined) await clearAlarm(AUTO_LOCK_ALARM);
    else await setAlarmAt(AUTO_LOCK_ALARM, deadline);
  }
}
