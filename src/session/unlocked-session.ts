import { z } from 'zod/mini';
import { browser } from '@/src/platform/browser';
import type { AutoLockSetting } from '@/src/messaging/schemas';
import { fromBase64, toBase64, utf8, zeroize } from '@/src/vault/encoding';
import { importDataKey } from '@/src/vault/crypto';

export const AUTO_LOCK_ALARM = 'keyward.auto-lock';
const SESSION_KEY = 'unlocked-session';

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

export interface OpenSession {
  vaultId: string;
  dataKeyId: string;
  /** AES-256-GCM data key, non-extractable. */
  key: CryptoKey;
  /** HMAC-SHA256 key for backup integrity, derived from the data key with HKDF. */
  macKey: CryptoKey;
}

export interface SessionDeps {
  now: () => number;
  autoLock: () => Promise<AutoLockSetting>;
}

export function lockDeadline(lastActivityAt: number, autoLock: AutoLockSetting): number | undefined {
  return autoLock === 'browser-close' ? undefined : lastActivityAt + autoLock * 60_000;
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
  /** Counts locks, so a write that raced with one can tell. */
  private closes = 0;

  constructor(private readonly deps: SessionDeps) {}

  async open(vaultId: string, dataKeyId: string, raw: Uint8Array<ArrayBuffer>): Promise<OpenSession> {
    const record: SessionRecord = { vaultId, dataKeyId, dataKey: toBase64(raw), lastActivityAt: this.deps.now() };
    const session = { vaultId, dataKeyId, key: await importDataKey(raw), macKey: await deriveMacKey(raw) };
    zeroize(raw);
    await browser.storage.session.set({ [SESSION_KEY]: record });
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
      };
      zeroize(raw);
    }
    return this.cached;
  }

  /** A deliberate user action: pushes the auto-lock deadline forward. */
  async touch(): Promise<void> {
    const closes = this.closes;
    // An expired session is closed here, never revived: the alarm may not have fired yet.
    const record = await this.liveRecord();
    // A lock that happened while the record was read must not be undone by writing it back.
    if (!record || closes !== this.closes) return;
    record.lastActivityAt = this.deps.now();
    await browser.storage.session.set({ [SESSION_KEY]: record });
    await this.schedule(record.lastActivityAt);
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

  async close(): Promise<void> {
    this.closes += 1;
    this.cached = undefined;
    await browser.storage.session.remove(SESSION_KEY);
    await browser.alarms.clear(AUTO_LOCK_ALARM);
  }

  /** The stored session if its inactivity deadline has not passed; an expired one is closed. */
  private async liveRecord(): Promise<SessionRecord | undefined> {
    const record = await this.readRecord();
    if (!record) {
      this.cached = undefined;
      return undefined;
    }
    const deadline = lockDeadline(record.lastActivityAt, await this.deps.autoLock());
    if (deadline !== undefined && this.deps.now() >= deadline) {
      await this.close();
      return undefined;
    }
    return record;
  }

  private async readRecord(): Promise<SessionRecord | undefined> {
    const stored = await browser.storage.session.get(SESSION_KEY);
    const parsed = SessionRecord.safeParse(stored[SESSION_KEY]);
    return parsed.success ? parsed.data : undefined;
  }

  private async schedule(lastActivityAt: number): Promise<void> {
    const deadline = lockDeadline(lastActivityAt, await this.deps.autoLock());
    if (deadline === undefined) await browser.alarms.clear(AUTO_LOCK_ALARM);
    else await browser.alarms.create(AUTO_LOCK_ALARM, { when: deadline });
  }
}
