import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { ProviderIdSchema, type ProviderSettings, type SecretInput } from '@/src/providers/schemas';
import type { KeyView } from '@/src/vault/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { canonicalSettings, open, seal } from './crypto';
import type { VaultDatabase } from './db';
import { utf8 } from './encoding';
import { currentRecord, SecretPayload, SecretRecord } from './format';
import { associatedDataFor, damagedRecord } from './reseal';
import { formatWarnings, maskSecret, normalizeSecret, normalizeSettings, settingsWarnings } from './secret-input';
import type { UnlockedVault, Vault } from './vault';
import type { SessionKeys } from '@/src/session/session-keys';
import { isSessionKeyId } from '@/src/session/session-key-rules';

export interface KeyRecordsDeps {
  db: VaultDatabase;
  vault: Vault;
  now: () => number;
  /** Keys for this session only, listed and used beside the vault's (the vault need not exist). */
  sessionKeys?: SessionKeys;
}

/** The vault is locked or absent: no vault key to list or use (session-only keys and the gateway may still be). */
export const isVaultGone = (error: unknown): boolean => error instanceof AppError && (error.code === 'VAULT_LOCKED' || error.code === 'VAULT_ABSENT');

function sessionKeyUnchangeable(): AppError {
  return new AppError('BAD_REQUEST', phrase('error_sessionKeyUnchangeable'));
}

export interface DecryptedConnection {
  record: SecretRecord;
  secret: SecretPayload;
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', phrase('error_keyGone'));
}

/** Adding, listing, editing, rotating and deleting keys. Only masked views ever leave this module. */
export class KeyRecords {
  constructor(private readonly deps: KeyRecordsDeps) {}

  /**
   * The vault's keys, then the session-only ones. With no vault, or a locked one, the session-only
   * keys alone; with neither, the vault's error (locked or absent) as before.
   */
  async list(): Promise<KeyView[]> {
    const session = (await this.deps.sessionKeys?.list()) ?? [];
    try {
      return [...(await this.listVault()), ...session];
    } catch (error) {
      if (session.length > 0 && isVaultGone(error)) return session;
      throw error;
    }
  }

  private async listVault(): Promise<KeyView[]> {
    for (let attempt = 0; ; attempt++) {
      const vault = await this.deps.vault.requireUnlocked();
      const rows: unknown[] = await this.deps.db.secrets.orderBy('createdAt').toArray();
      const views = await Promise.all(rows.map((row) => this.viewOf(vault, row)));
      // A rekey that landed between reading the key and the rows: read both again.
      if (attempt < 2 && views.some((view) => view.damaged) && (await this.deps.vault.changedSince(vault))) continue;
      return views;
    }
  }

  /** A key into the vault, or (`sessionOnly`) into this session only, where no vault is needed. */
  add(input: { provider: ProviderId; label: string; secret: SecretInput; settings: ProviderSettings; sessionOnly?: boolean }): Promise<KeyView> {
    if (input.sessionOnly) {
      if (!this.deps.sessionKeys) throw sessionKeyUnchangeable();
      return this.deps.sessionKeys.add(input);
    }
    return this.deps.vault.exclusive(async () => {
      const vault = await this.deps.vault.requireUnlocked();
      const settings = normalizeSettings(input.provider, input.settings);
      const secret = normalizeSecret(input.provider, settings, input.secret);
      const now = this.deps.now();
      const record = await this.sealRecord(vault, {
        id: crypto.randomUUID(),
        provider: input.provider,
        label: input.label.trim() || input.provider,
        settings,
        createdAt: now,
        rotatedAt: null,
        lastUsedAt: null,
      }, secret);
      await this.writeChecked(vault, record, false);
      return this.viewOf(vault, record);
    });
  }

  /**
   * Keeps session-only keys (`ids`, or all of them) in the unlocked vault: each is sealed into the
   * vault under a new id, keeping its label, settings and dates, and leaves the session only once
   * the vault holds it (src/session/session-keys.ts, `moveOut`).
   */
  keepSessionKeys(ids?: readonly string[]): Promise<KeyView[]> {
    const sessionKeys = this.deps.sessionKeys;
    if (!sessionKeys) return Promise.resolve([]);
    return sessionKeys.moveOut(ids, (moving) =>
      this.deps.vault.exclusive(async () => {
        const vault = await this.deps.vault.requireUnlocked();
        const kept: KeyView[] = [];
        for (const { record, secret } of moving) {
          const { sealed: _session, ...metadata } = record;
          const sealed = await this.sealRecord(vault, { ...metadata, id: crypto.randomUUID() }, secret);
          await this.writeChecked(vault, sealed, false);
          kept.push(await this.viewOf(vault, sealed));
        }
        return kept;
      }),
    );
  }

  /**
   * A new label only touches metadata. New settings decide where the key is sent, so they need the
   * vault passphrase (checked through the unlock throttle) or the secret typed again; they re-seal
   * the secret, since the settings are part of its associated data. A secret typed again replaces
   * the stored one like a rotation (a rekey: the old sealed copy becomes unreadable).
   */
  update(input: { id: string; label?: string; settings?: ProviderSettings; passphrase?: string; secret?: SecretInput }): Promise<KeyView> {
    if (isSessionKeyId(input.id)) return Promise.reject(sessionKeyUnchangeable());
    return this.deps.vault.exclusive(async () => {
      const vault = await this.deps.vault.requireUnlocked();
      const { record, secret } = await this.decrypt(vault, input.id);
      const label = input.label?.trim() || record.label;
      let next: SecretRecord = currentRecord({ ...record, label });
      if (!input.settings) {
        await this.writeChecked(vault, next, true);
        return this.viewOf(vault, next);
      }
      const settings = normalizeSettings(record.provider, input.settings);
      const moved = !sameSettings(settings, record.settings);
      const retyped = input.secret && Object.values(input.secret).some((value) => value?.trim());
      if (moved && !retyped) await this.deps.vault.checkPassphrase(input.passphrase);
      const kept = normalizeSecret(record.provider, settings, retyped && input.secret ? input.secret : secret);
      const replaced = retyped && JSON.stringify(kept) !== JSON.stringify(secret);
      const metadata: Omit<SecretRecord, 'sealed'> = {
        ...next,
        settings,
        ...(replaced ? { rotatedAt: this.deps.now() } : {}),
      };
      if (replaced) {
        const rotated = await this.deps.vault.rekeyRecords(vault, { replace: { record: metadata, secret: kept } });
        return this.viewOf(await this.deps.vault.requireUnlocked(), rotated);
      }
      next = await this.sealRecord(vault, metadata, kept);
      await this.writeChecked(vault, next, true);
      return this.viewOf(vault, next);
    });
  }

  /** A new secret for a key. A rekey, so that the old secret's sealed copy left on disk can no longer be opened. */
  rotate(input: { id: string; secret: SecretInput }): Promise<KeyView> {
    if (isSessionKeyId(input.id)) return Promise.reject(sessionKeyUnchangeable());
    return this.deps.vault.exclusive(async () => {
      const vault = await this.deps.vault.requireUnlocked();
      const { sealed: _old, ...record } = await this.readRecord(input.id);
      const secret = normalizeSecret(record.provider, record.settings, input.secret);
      const rotated = await this.deps.vault.rekeyRecords(vault, {
        replace: {
          record: currentRecord({ ...record, rotatedAt: this.deps.now() }),
          secret,
        },
      });
      return this.viewOf(await this.deps.vault.requireUnlocked(), rotated);
    });
  }

  /** Removes a key. A rekey, so that its sealed copy left on disk can no longer be opened. */
  delete(id: string): Promise<{ id: string; label: string }> {
    if (isSessionKeyId(id) && this.deps.sessionKeys) return this.deps.sessionKeys.delete(id);
    return this.deps.vault.exclusive(async () => {
      const vault = await this.deps.vault.requireUnlocked();
      const row = await this.deps.db.secrets.get(id);
      if (!row) throw notFound();
      await this.deps.vault.rekeyRecords(vault, { remove: id });
      return { id, label: typeof row.label === 'string' ? row.label : '' };
    });
  }

  /** For the provider layer inside the background only: the decrypted secret of one record. */
  async useSecret(id: string): Promise<DecryptedConnection> {
    if (isSessionKeyId(id) && this.deps.sessionKeys) return this.deps.sessionKeys.use(id);
    const vault = await this.deps.vault.requireUnlocked();
    const decrypted = await this.decrypt(vault, id);
    // Only a display hint: a full disk must not stop the key from being used, and the request must
    // not wait for it (it stood between Send and the provider's first byte).
    void this.deps.db.secrets.update(id, { lastUsedAt: this.deps.now() }).catch(() => undefined);
    return decrypted;
  }

  /**
   * Where a key would be sent, its provider and settings, read without decrypting it: the
   * organisation policy is checked on them before the key is used (src/policy). The settings are
   * bound into the sealed secret's associated data, so changed ones fail the decryption that follows.
   */
  async destination(id: string): Promise<{ provider: ProviderId; settings: ProviderSettings }> {
    if (isSessionKeyId(id) && this.deps.sessionKeys) return this.deps.sessionKeys.destination(id);
    const record = await this.readRecord(id);
    return { provider: record.provider, settings: record.settings };
  }

  async decrypt(vault: UnlockedVault, id: string): Promise<DecryptedConnection> {
    try {
      return await this.decryptParsed(vault, await this.readRecord(id));
    } catch (error) {
      // A rekey that landed since `vault` was read re-sealed the record: read both again, once.
      if (!(error instanceof AppError) || error.code !== 'RECORD_DAMAGED' || !(await this.deps.vault.changedSince(vault))) throw error;
      return this.decryptParsed(await this.deps.vault.requireUnlocked(), await this.readRecord(id));
    }
  }

  private async readRecord(id: string): Promise<SecretRecord> {
    const row: unknown = await this.deps.db.secrets.get(id);
    if (row === undefined) throw notFound();
    const parsed = SecretRecord.safeParse(row);
    if (!parsed.success) throw damagedRecord(typeof (row as { label?: unknown }).label === 'string' ? (row as { label: string }).label : id);
    return parsed.data;
  }

  async sealRecord(vault: UnlockedVault, record: Omit<SecretRecord, 'sealed'>, secret: SecretPayload): Promise<SecretRecord> {
    const withPlaceholder = { ...record, sealed: { iv: '', ciphertext: '' } };
    const sealed = await seal(vault.recordKey, utf8.encode(JSON.stringify(secret)), associatedDataFor(withPlaceholder, vault.vaultId, vault.meta.formatVersion));
    return { ...currentRecord(record), sealed };
  }

  /** Writes a record only if the key it was sealed with is still the vault's (no passphrase change or rekey in between). */
  async writeChecked(vault: UnlockedVault, record: SecretRecord, mustExist: boolean): Promise<void> {
    const { db } = this.deps;
    await db.transaction('rw', ['meta', 'secrets', 'epoch'], async (tx) => {
      const meta = await tx.meta.get('main');
      const epoch = await tx.epoch.get('current');
      if (meta?.dataKeyId !== vault.dataKeyId || epoch?.epochId !== vault.epochId) {
        throw new AppError('CONFLICT', phrase('error_vaultChangedNotSaved'));
      }
      if (mustExist && !(await tx.secrets.get(record.id))) throw notFound();
      await tx.secrets.put(record);
    });
  }

  private async viewOf(vault: UnlockedVault, row: unknown): Promise<KeyView> {
    const parsed = SecretRecord.safeParse(row);
    if (!parsed.success) {
      const loose = (row ?? {}) as Partial<Record<keyof SecretRecord, unknown>>;
      return damagedView(loose);
    }
    try {
      const { record, secret } = await this.decryptParsed(vault, parsed.data);
      return keyViewOf(record, secret);
    } catch {
      return damagedView(parsed.data);
    }
  }

  private async decryptParsed(vault: UnlockedVault, record: SecretRecord): Promise<DecryptedConnection> {
    const plaintext = await open(vault.recordKey, record.sealed, associatedDataFor(record, vault.vaultId, vault.meta.formatVersion), () =>
      damagedRecord(record.label),
    );
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(plaintext));
    } catch {
      throw damagedRecord(record.label);
    } finally {
      plaintext.fill(0);
    }
    const secret = SecretPayload.safeParse(json);
    if (!secret.success) throw damagedRecord(record.label);
    return { record, secret: secret.data };
  }
}

/** What a page sees of a decrypted key: its metadata and a mask of its secret, never the secret. */
export function keyViewOf(record: SecretRecord, secret: SecretPayload): KeyView {
  return {
    id: record.id,
    provider: record.provider,
    label: record.label,
    masked: maskSecret(secret),
    settings: record.settings,
    createdAt: record.createdAt,
    rotatedAt: record.rotatedAt,
    lastUsedAt: record.lastUsedAt,
    formatWarnings: [...formatWarnings(record.provider, secret), ...settingsWarnings(record.settings)],
    damaged: false,
  };
}

/** The same connection settings, whatever the order of their fields. */
function sameSettings(a: ProviderSettings, b: ProviderSettings): boolean {
  return JSON.stringify(canonicalSettings(a)) === JSON.stringify(canonicalSettings(b));
}

function damagedView(row: Partial<Record<keyof SecretRecord, unknown>>): KeyView {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const time = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    id: text(row.id),
    provider: ProviderIdSchema.safeParse(row.provider).data ?? 'custom',
    label: text(row.label),
    masked: '',
    settings: {},
    createdAt: time(row.createdAt) ?? 0,
    rotatedAt: null,
    lastUsedAt: null,
    formatWarnings: [],
    damaged: true,
  };
}
