import { dataKeyAssociatedData, deriveKeyEncryptionKey, importDataKey, newDataKeyBytes, seal, secretAssociatedData } from '@/src/vault/crypto';
import type { VaultDatabase } from '@/src/vault/db';
import { randomBytes, toBase64, utf8 } from '@/src/vault/encoding';
import { SecretRecord, type KdfParams, type VaultMeta } from '@/src/vault/format';
import { deriveMacKey } from '@/src/session/unlocked-session';

/**
 * Vaults and backups that today's code no longer writes (version 1, PBKDF2) or refuses to
 * write (weak or unknown parameters), built as the format document describes them, so the
 * readers can be tested against them.
 */

export interface CraftedVault {
  meta: VaultMeta;
  records: SecretRecord[];
  raw: Uint8Array<ArrayBuffer>;
}

export function pbkdf2Params(iterations = 650_000, saltBytes = 32): KdfParams {
  return { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(randomBytes(saltBytes)) };
}

export function argon2Params(overrides: Partial<{ memoryKiB: number; iterations: number; parallelism: number; saltBytes: number }> = {}): KdfParams {
  return {
    name: 'Argon2id',
    memoryKiB: overrides.memoryKiB ?? 64 * 1024,
    iterations: overrides.iterations ?? 3,
    parallelism: overrides.parallelism ?? 4,
    salt: toBase64(randomBytes(overrides.saltBytes ?? 32)),
  };
}

/** A header wrapping a fresh data key under `kdf`, claiming `formatVersion`, with one sealed OpenAI key per secret. */
export async function craftVault(input: {
  passphrase: string;
  kdf: KdfParams;
  formatVersion: number;
  secrets?: { label: string; apiKey: string }[];
  now?: number;
}): Promise<CraftedVault> {
  const now = input.now ?? Date.UTC(2026, 10, 23, 9, 0, 0);
  const vaultId = crypto.randomUUID();
  const dataKeyId = crypto.randomUUID();
  const raw = newDataKeyBytes();
  const kek = await deriveKeyEncryptionKey(input.passphrase, input.kdf);
  const wrappedDataKey = await seal(kek, raw, dataKeyAssociatedData(vaultId, input.formatVersion, input.kdf, dataKeyId));
  const meta: VaultMeta = { id: 'main', vaultId, formatVersion: input.formatVersion, kdf: input.kdf, dataKeyId, wrappedDataKey, createdAt: now, updatedAt: now };
  const key = await importDataKey(raw.slice());
  const records: SecretRecord[] = [];
  for (const [index, secret] of (input.secrets ?? []).entries()) {
    const record = { id: crypto.randomUUID(), provider: 'openai' as const, label: secret.label, settings: {}, formatWarnings: [], createdAt: now + index, rotatedAt: null, lastUsedAt: null };
    // Records carry format number 1 in their associated data, in version 1 and 2 alike (docs/vault-format.md).
    const aad = secretAssociatedData({ vaultId, recordId: record.id, provider: record.provider, formatVersion: 1, settings: {} });
    records.push(SecretRecord.parse({ ...record, sealed: await seal(key, utf8.encode(JSON.stringify({ apiKey: secret.apiKey })), aad) }));
  }
  return { meta, records, raw };
}

/** Writes a crafted vault into an empty database, as an older Keyward would have left it (locked). */
export async function plantVault(db: VaultDatabase, vault: CraftedVault): Promise<void> {
  await db.transaction('rw', ['meta', 'secrets'], async (tx) => {
    await tx.meta.put(vault.meta);
    await tx.secrets.bulkPut(vault.records);
  });
}

/** A backup file of a crafted vault, with a valid MAC (so only the header rules can refuse it). */
export async function craftedBackup(vault: CraftedVault): Promise<string> {
  const body = { vault: vault.meta, records: vault.records };
  const macKey = await deriveMacKey(vault.raw.slice());
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', macKey, utf8.encode(JSON.stringify(body))));
  return JSON.stringify({ format: 'keyward-vault-backup', version: 1, exportedAt: new Date(0).toISOString(), body, mac: toBase64(mac) });
}
