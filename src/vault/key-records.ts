import { AppError } from '@/src/shared/errors';
import { ProviderIdSchema, type KeyView, type ProviderSettings, type SecretInput } from '@/src/messaging/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { open, seal } from './crypto';
import type { VaultDatabase } from './db';
import { utf8 } from './encoding';
import { SecretPayload, SecretRecord } from './format';
import { associatedDataFor, damagedRecord } from './reseal';
import { formatWarnings, maskSecret, normalizeSecret, normalizeSettings, settingsWarnings } from './secret-input';
import type { UnlockedVault, Vault } from './vault';

export interface KeyRecordsDeps {
  db: VaultDatabase;
  vault: Vault;
  now: () => number;
}

export interface DecryptedConnection {
  record: SecretRecord;
  secret: SecretPayload;
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'That key no longer exists. It may have been deleted in another window.');
}

/** Adding, listing, editing, rotating and deleting keys. Only masked views ever leave this module. */
export class KeyRecords {
  constructor(private readonly deps: KeyRecordsDeps) {}

  async list(): Promise<KeyView[]> {
    const vault = await this.deps.vault.requireUnlocked();
    const rows: unknown[] = await this.deps.db.secrets.orderBy('createdAt').toArray();
    return Promise.all(rows.map((row) => this.viewOf(vault, row)));
  }

  add(input: { provider: ProviderId; label: string; secret: SecretInput; settings: ProviderSettings }): Promise<KeyView> {
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
        formatWarnings: [...formatWarnings(input.provider, secret), ...settingsWarnings(settings)],
        createdAt: now,
        rotatedAt: null,
        lastUsedAt: null,
      }, secret);
      await this.writeChecked(vault, record, false);
      return this.viewOf(vault, record);
    });
  }

  /** A new label only touches metadata; new settings re-seal the secret, since they are part of its associated data. */
  update(input: { id: string; label?: string; settings?: ProviderSettings }): Promise<KeyView> {
    return this.deps.vault.exclusive(async () => {
      const vault = await this.deps.vault.requireUnlocked();
      const { record, secret } = await this.decrypt(vault, input.id);
      const label = input.label?.trim() || record.label;
      let next: SecretRecord = { ...record, label };
      if (input.settings) {
        const settings = normalizeSettings(record.provider, input.settings);
        const kept = normalizeSecret(record.provider, settings, secret);
        next = await this.sealRecord(vault, {
          ...next,
          settings,
          formatWarnings: [...formatWarnings(record.provider, kept), ...settingsWarnings(settings)],
        }, kept);
      }
      await this.writeChecked(vault, next, true);
      return this.viewOf(vault, next);
    });
  }

  rotate(input: { id: string; secret: SecretInput }): Promise<KeyView> {
    return this.deps.vault.exclusive(async () => {
      const vault = await this.deps.vault.requireUnlocked();
      const record = await this.readRecord(input.id);
      const secret = normalizeSecret(record.provider, record.settings, input.secret);
      const next = await this.sealRecord(vault, {
        ...record,
        rotatedAt: this.deps.now(),
        formatWarnings: [...formatWarnings(record.provider, secret), ...settingsWarnings(record.settings)],
      }, secret);
      await this.writeChecked(vault, next, true);
      return this.viewOf(vault, next);
    });
  }

  delete(id: string): Promise<{ id: string; label: string }> {
    return this.deps.vault.exclusive(async () => {
      await this.deps.vault.requireUnlocked();
      const row = await this.deps.db.secrets.get(id);
      if (!row) throw notFound();
      await this.deps.db.secrets.delete(id);
      return { id, label: typeof row.label === 'string' ? row.label : '' };
    });
  }

  /** For the provider layer inside the background only: the decrypted secret of one record. */
  async useSecret(id: string): Promise<DecryptedConnection> {
    const vault = await this.deps.vault.requireUnlocked();
    const decrypted = await this.decrypt(vault, id);
    // Only a display hint: a full disk must not stop the key from being used.
    await this.deps.db.secrets.update(id, { lastUsedAt: this.deps.now() }).catch(() => undefined);
    return decrypted;
  }

  async decrypt(vault: UnlockedVault, id: string): Promise<DecryptedConnection> {
    return this.decryptParsed(vault, await this.readRecord(id));
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
    const sealed = await seal(vault.key, utf8.encode(JSON.stringify(secret)), associatedDataFor(withPlaceholder, vault.vaultId, vault.meta.formatVersion));
    return { ...record, sealed };
  }

  /** Writes a record only if the data key it was sealed with is still the vault's (no passphrase change in between). */
  async writeChecked(vault: UnlockedVault, record: SecretRecord, mustExist: boolean): Promise<void> {
    const { db } = this.deps;
    await db.transaction('rw', [db.meta, db.secrets], async () => {
      const meta = await db.meta.get('main');
      if (meta?.dataKeyId !== vault.dataKeyId) {
        throw new AppError('CONFLICT', 'The vault changed meanwhile (passphrase changed or locked). Nothing was saved; please try again.');
      }
      if (mustExist && !(await db.secrets.get(record.id))) throw notFound();
      await db.secrets.put(record);
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
      return {
        id: record.id,
        provider: record.provider,
        label: record.label,
        masked: maskSecret(secret),
        settings: record.settings,
        createdAt: record.createdAt,
        rotatedAt: record.rotatedAt,
        lastUsedAt: record.lastUsedAt,
        formatWarnings: record.formatWarnings,
        damaged: false,
      };
    } catch {
      return damagedView(parsed.data);
    }
  }

  private async decryptParsed(vault: UnlockedVault, record: SecretRecord): Promise<DecryptedConnection> {
    const plaintext = await open(vault.key, record.sealed, associatedDataFor(record, vault.vaultId, vault.meta.formatVersion), () =>
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

function damagedView(row: Partial<Record<keyof SecretRecord, unknown>>): KeyView {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const time = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    id: text(row.id),
    provider: ProviderIdSchema.safeParse(row.provider).data ?? 'custom',
    label: text(row.label) || 'Unreadable key',
    masked: '',
    settings: {},
    createdAt: time(row.createdAt) ?? 0,
    rotatedAt: null,
    lastUsedAt: null,
    formatWarnings: [],
    damaged: true,
  };
}
