import { z } from 'zod/mini';
import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { clearAlarm, setAlarmAt } from '@/src/platform/alarms';
import { defineSessionItem } from '@/src/platform/storage-item';
import type { AutoLockSetting } from '@/src/settings/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';
import type { KeyView } from '@/src/vault/schemas';
import { importDataKey, newDataKeyBytes, open, seal, secretAssociatedData } from '@/src/vault/crypto';
import { fromBase64, toBase64, utf8, zeroize } from '@/src/vault/encoding';
import { PBKDF2_FORMAT_VERSION, SecretPayload, SecretRecord } from '@/src/vault/format';
import { normalizeSecret, normalizeSettings } from '@/src/vault/secret-input';
import { keyViewOf, type DecryptedConnection } from '@/src/vault/key-records';
import { SESSION_KEY_ID_PREFIX, sessionKeyLifetimeMs } from './session-key-rules';

export const SESSION_KEYS_ALARM = 'keyward.session-keys';

/** What the associated data of a session-only key names instead of a vault: it opens in no vault, and no vault record opens here. */
const SESSION_SCOPE = 'keyward.session-only';

/**
 * Session-only keys, in `storage.session` (memory only, gone when the browser closes, closed to
 * content scripts) and never in IndexedDB or any other disk store. Each secret is sealed with the
 * vault's primitive (AES-256-GCM, `seal`, bound to its record by the associated data) under a data
 * key of their own, kept beside them like the unlocked vault's data key is kept in its session
 * record: the secrets never sit in storage as plain text. The whole record goes at once.
 */
const SessionKeysRecord = z.strictObject({
  dataKey: z.string(),
  lastActivityAt: z.number(),
  keys: z.array(SecretRecord),
});
type SessionKeysRecord = z.infer<typeof SessionKeysRecord>;

const item = defineSessionItem<SessionKeysRecord | undefined>('session-keys', {
  parse: (stored) => {
    const parsed = SessionKeysRecord.safeParse(stored);
    return parsed.success ? parsed.data : undefined;
  },
  fallback: () => undefined,
});

export interface SessionKeysDeps {
  now: () => number;
  autoLock: () => Promise<AutoLockSetting>;
}

export interface SessionKeysStatus {
  count: number;
  /** When they go by themselves, epoch ms, unless used deliberately before. */
  expiresAt: number;
}

export function sessionKeyExpired(): AppError {
  return new AppError('VAULT_LOCKED', phrase('error_sessionKeyExpired'));
}

function associatedData(record: SecretRecord): Uint8Array<ArrayBuffer> {
  return secretAssociatedData({ vaultId: SESSION_SCOPE, recordId: record.id, provider: record.provider, formatVersion: PBKDF2_FORMAT_VERSION, settings: record.settings });
}

/** Keys for this session only: added without a vault, gone at auto-lock, at lock and when the browser closes. */
export class SessionKeys {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly closeListeners = new Set<() => void>();

  constructor(private readonly deps: SessionKeysDeps) {}

  /** Runs `listener` when the keys go (expiry, lock), so an answer that uses one stops with it. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** One read-modify-write at a time: two adds at once would otherwise both write their own list. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  add(input: { provider: ProviderId; label: string; secret: SecretInput; settings: ProviderSettings }): Promise<KeyView> {
    return this.exclusive(async () => {
      const settings = normalizeSettings(input.provider, input.settings);
      const secret = normalizeSecret(input.provider, settings, input.secret);
      const now = this.deps.now();
      const stored = (await this.live()) ?? { dataKey: toBase64(newDataKeyBytes()), lastActivityAt: now, keys: [] };
      const metadata = {
        id: `${SESSION_KEY_ID_PREFIX}${crypto.randomUUID()}`,
        provider: input.provider,
        label: input.label.trim() || input.provider,
        settings,
        createdAt: now,
        rotatedAt: null,
        lastUsedAt: null,
      };
      const placeholder: SecretRecord = { ...metadata, sealed: { iv: '', ciphertext: '' } };
      const plaintext = utf8.encode(JSON.stringify(secret));
      const record: SecretRecord = { ...metadata, sealed: await seal(await this.keyOf(stored), plaintext, associatedData(placeholder)) };
      zeroize(plaintext);
      // Adding is a deliberate use: the deadline moves for every session-only key.
      await item.set({ ...stored, lastActivityAt: now, keys: [...stored.keys, record] });
      await this.schedule(now);
      return { ...keyViewOf(record, secret), sessionOnly: true };
    });
  }

  async list(): Promise<KeyView[]> {
    const stored = await this.live();
    if (!stored) return [];
    const key = await this.keyOf(stored);
    return Promise.all(stored.keys.map(async (record) => ({ ...keyViewOf(record, await this.decrypt(key, record)), sessionOnly: true as const })));
  }

  /** Provider and settings of each live key, never a secret: which local servers they point at (local-origins.ts). */
  async connections(): Promise<{ provider: ProviderId; settings: ProviderSettings }[]> {
    return ((await this.live())?.keys ?? []).map(({ provider, settings }) => ({ provider, settings }));
  }

  /** Where one live key would be sent, never its secret: the organisation policy checks it before use. */
  async destination(id: string): Promise<{ provider: ProviderId; settings: ProviderSettings }> {
    const record = (await this.live())?.keys.find((candidate) => candidate.id === id);
    if (!record) throw sessionKeyExpired();
    return { provider: record.provider, settings: record.settings };
  }

  /** How many there are and when they expire; undefined when there are none. */
  async status(): Promise<SessionKeysStatus | undefined> {
    const [stored, autoLock] = await Promise.all([item.get(), this.deps.autoLock()]);
    const live = await this.checkDeadline(stored, autoLock);
    return live && live.keys.length > 0 ? { count: live.keys.length, expiresAt: live.lastActivityAt + sessionKeyLifetimeMs(autoLock) } : undefined;
  }

  /**
   * For the provider layer: the decrypted secret of a session-only key. A session-only id that is
   * no longer here expired (or was locked away): said as such, never as a missing vault.
   */
  use(id: string): Promise<DecryptedConnection> {
    return this.exclusive(async () => {
      const stored = await this.live();
      const record = stored?.keys.find((candidate) => candidate.id === id);
      if (!stored || !record) throw sessionKeyExpired();
      const secret = await this.decrypt(await this.keyOf(stored), record);
      const now = this.deps.now();
      // A display hint, like a vault key's; it does not count as activity.
      await item.set({ ...stored, keys: stored.keys.map((candidate) => (candidate.id === id ? { ...candidate, lastUsedAt: now } : candidate)) });
      return { record: { ...record, lastUsedAt: now }, secret };
    });
  }

  /** Removes one session-only key; the last one takes its data key with it. */
  delete(id: string): Promise<{ id: string; label: string }> {
    return this.exclusive(async () => {
      const stored = await this.live();
      const record = stored?.keys.find((candidate) => candidate.id === id);
      if (!stored || !record) throw sessionKeyExpired();
      await this.keep(stored, (candidate) => candidate.id !== id);
      return { id, label: record.label };
    });
  }

  /**
   * Hands the decrypted keys (`ids`, or all) to `keep` (the vault writes them) and removes them from
   * the session only once it succeeded: a vault that failed to take a key leaves it where it was;
   * no sealed copy stays behind in the session once it did.
   */
  moveOut<T>(ids: readonly string[] | undefined, keep: (keys: DecryptedConnection[]) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const stored = await this.live();
      const chosen = stored?.keys.filter((record) => !ids || ids.includes(record.id)) ?? [];
      if (ids && chosen.length !== ids.length) throw sessionKeyExpired();
      const key = stored && (await this.keyOf(stored));
      const decrypted = key ? await Promise.all(chosen.map(async (record) => ({ record, secret: await this.decrypt(key, record) }))) : [];
      const result = await keep(decrypted);
      if (stored) await this.keep(stored, (record) => !chosen.includes(record));
      return result;
    });
  }

  /** A deliberate user action: pushes the deadline forward (an expired set is closed, never revived). */
  touch(): Promise<void> {
    return this.exclusive(async () => {
      const stored = await this.live();
      if (!stored) return;
      const now = this.deps.now();
      await item.set({ ...stored, lastActivityAt: now });
      await this.schedule(now);
    });
  }

  /** At the alarm: closes the keys if their deadline passed. */
  async expireIfDue(): Promise<void> {
    await this.live();
  }

  /** Re-arms the alarm after the auto-lock setting changed. */
  async reschedule(): Promise<void> {
    const stored = await this.live();
    if (stored) await this.schedule(stored.lastActivityAt);
  }

  /** Every session-only key goes, with its data key, and the alarm. */
  async close(): Promise<void> {
    for (const listener of this.closeListeners) listener();
    await Promise.all([item.remove(), clearAlarm(SESSION_KEYS_ALARM)]);
  }

  /** Writes the keys `filter` keeps, or removes the record (and its data key) when none is left. */
  private async keep(stored: SessionKeysRecord, filter: (record: SecretRecord) => boolean): Promise<void> {
    const keys = stored.keys.filter(filter);
    if (keys.length > 0) await item.set({ ...stored, keys });
    else await Promise.all([item.remove(), clearAlarm(SESSION_KEYS_ALARM)]);
  }

  private async live(): Promise<SessionKeysRecord | undefined> {
    const stored = await item.get();
    return this.checkDeadline(stored, stored && (await this.deps.autoLock()));
  }

  private async checkDeadline(stored: SessionKeysRecord | undefined, autoLock: AutoLockSetting | undefined): Promise<SessionKeysRecord | undefined> {
    if (!stored || autoLock === undefined) return undefined;
    if (this.deps.now() >= stored.lastActivityAt + sessionKeyLifetimeMs(autoLock)) {
      await this.close();
      return undefined;
    }
    return stored;
  }

  private async keyOf(stored: SessionKeysRecord): Promise<CryptoKey> {
    const raw = fromBase64(stored.dataKey);
    try {
      return await importDataKey(raw);
    } finally {
      zeroize(raw);
    }
  }

  private async decrypt(key: CryptoKey, record: SecretRecord): Promise<SecretPayload> {
    const plaintext = await open(key, record.sealed, associatedData(record), sessionKeyExpired);
    try {
      const parsed = SecretPayload.safeParse(JSON.parse(utf8.decode(plaintext)));
      if (!parsed.success) throw sessionKeyExpired();
      return parsed.data;
    } finally {
      plaintext.fill(0);
    }
  }

  private async schedule(lastActivityAt: number): Promise<void> {
    await setAlarmAt(SESSION_KEYS_ALARM, lastActivityAt + sessionKeyLifetimeMs(await this.deps.autoLock()));
  }
}

