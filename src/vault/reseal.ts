import { AppError } from '@/src/shared/errors';
import { importDataKey, open, seal, secretAssociatedData } from './crypto';
import type { VaultDatabase } from './db';
import { recordFormatVersion, SecretRecord, type VaultMeta } from './format';

export function damagedRecord(label: string): AppError {
  return new AppError(
    'RECORD_DAMAGED',
    `Vault record damaged: the stored key "${label}" cannot be decrypted. Your other keys are fine; delete this one and add it again (or restore it from a backup).`,
  );
}

/** `formatVersion` is the header's; records carry their own layout number (see recordFormatVersion). */
export function associatedDataFor(record: SecretRecord, vaultId: string, formatVersion: number) {
  return secretAssociatedData({
    vaultId,
    recordId: record.id,
    provider: record.provider,
    formatVersion: recordFormatVersion(formatVersion),
    settings: record.settings,
  });
}

/**
 * Re-encrypts every record under a new data key and writes the new header with them in one
 * transaction. Nothing is written unless every record re-encrypted and nothing changed meanwhile.
 */
export async function resealAll(input: {
  db: VaultDatabase;
  meta: VaultMeta;
  newMeta: VaultMeta;
  oldRaw: Uint8Array<ArrayBuffer>;
  newRaw: Uint8Array<ArrayBuffer>;
}): Promise<void> {
  const { db, meta, newMeta } = input;
  const oldKey = await importDataKey(input.oldRaw);
  const newKey = await importDataKey(input.newRaw);
  const before = await db.secrets.toArray();
  const resealed: SecretRecord[] = [];
  for (const row of before) {
    const parsed = SecretRecord.safeParse(row);
    if (!parsed.success) throw damagedRecord(typeof row.label === 'string' ? row.label : row.id);
    const record = parsed.data;
    const plaintext = await open(oldKey, record.sealed, associatedDataFor(record, meta.vaultId, meta.formatVersion), () =>
      damagedRecord(record.label),
    );
    const sealed = await seal(newKey, plaintext, associatedDataFor(record, newMeta.vaultId, newMeta.formatVersion));
    plaintext.fill(0);
    resealed.push({ ...record, sealed });
  }
  await db.transaction('rw', [db.meta, db.secrets], async () => {
    const currentMeta = await db.meta.get('main');
    const current = await db.secrets.toArray();
    const unchanged =
      currentMeta?.dataKeyId === meta.dataKeyId &&
      current.length === before.length &&
      current.every((row) => before.some((old) => old.id === row.id && old.sealed.ciphertext === row.sealed.ciphertext));
    if (!unchanged) {
      throw new AppError('CONFLICT', 'The vault changed while the passphrase was being changed. Nothing was changed; please try again.');
    }
    await db.secrets.bulkPut(resealed);
    await db.meta.put(newMeta);
  });
}
