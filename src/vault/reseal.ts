import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { open, seal, secretAssociatedData } from './crypto';
import type { EpochRow, VaultDatabase } from './db';
import { utf8 } from './encoding';
import { currentRecord, recordFormatVersion, SecretRecord, type SecretPayload, type VaultMeta } from './format';

export function damagedRecord(label: string): AppError {
  return new AppError(
    'RECORD_DAMAGED',
    phrase('error_recordDamaged', label),
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

function labelOf(row: unknown): string {
  const { label, id } = (row ?? {}) as { label?: unknown; id?: unknown };
  return typeof label === 'string' ? label : String(id);
}

function ciphertextOf(row: unknown): unknown {
  return (row as { sealed?: { ciphertext?: unknown } } | undefined)?.sealed?.ciphertext;
}

export interface ResealInput {
  db: VaultDatabase;
  /** The header and epoch the records are sealed under now; the write checks that neither changed. */
  meta: VaultMeta;
  epochId: string | undefined;
  oldKey: CryptoKey;
  /** The header to write (the same object when only the epoch changes), the new epoch and its record key. */
  newMeta: VaultMeta;
  newEpoch: EpochRow;
  newKey: CryptoKey;
  /**
   * A record that does not decrypt: 'refuse' stops everything (a passphrase change, which would
   * otherwise lose it for good); 'keep' leaves it as it is, still shown as damaged.
   */
  damaged: 'refuse' | 'keep';
  /** A key deletion: this record is not carried over. */
  remove?: string;
  /** A rotation: this record gets this secret (its old one is not even decrypted). */
  replace?: { record: Omit<SecretRecord, 'sealed'>; secret: SecretPayload };
}

/**
 * Re-encrypts every record under a new record key and writes them with the new epoch (and header)
 * in one transaction. Nothing is written unless every record re-encrypted and nothing changed
 * meanwhile. Returns the replaced record, sealed, when there was one.
 */
export async function resealAll(input: ResealInput): Promise<SecretRecord | undefined> {
  const { db, meta, newMeta } = input;
  const before: unknown[] = await db.secrets.toArray();
  const ids = new Set(before.map((row) => (row as { id?: unknown }).id));
  for (const id of [input.remove, input.replace?.record.id]) {
    if (id !== undefined && !ids.has(id)) throw new AppError('NOT_FOUND', phrase('error_keyGone'));
  }
  const written: unknown[] = [];
  let replaced: SecretRecord | undefined;
  for (const row of before) {
    const id = (row as { id?: unknown }).id;
    if (id === input.remove) continue;
    if (input.replace && id === input.replace.record.id) {
      const { record, secret } = input.replace;
      const placeholder: SecretRecord = { ...record, sealed: { iv: '', ciphertext: '' } };
      const sealed = await seal(input.newKey, utf8.encode(JSON.stringify(secret)), associatedDataFor(placeholder, newMeta.vaultId, newMeta.formatVersion));
      replaced = { ...currentRecord(record), sealed };
      written.push(replaced);
      continue;
    }
    const parsed = SecretRecord.safeParse(row);
    let plaintext: Uint8Array<ArrayBuffer> | undefined;
    if (parsed.success) {
      plaintext = await open(input.oldKey, parsed.data.sealed, associatedDataFor(parsed.data, meta.vaultId, meta.formatVersion), () => damagedRecord(parsed.data.label)).catch(
        () => undefined,
      );
    }
    if (!parsed.success || !plaintext) {
      if (input.damaged === 'refuse') throw damagedRecord(labelOf(row));
      written.push(row);
      continue;
    }
    const record = parsed.data;
    const sealed = await seal(input.newKey, plaintext, associatedDataFor(record, newMeta.vaultId, newMeta.formatVersion));
    plaintext.fill(0);
    written.push({ ...currentRecord(record), sealed });
  }
  await db.transaction('rw', ['meta', 'secrets', 'epoch'], async (tx) => {
    const currentMeta = await tx.meta.get('main');
    const currentEpoch = await tx.epoch.get('current');
    const current: unknown[] = await tx.secrets.toArray();
    const unchanged =
      currentMeta?.dataKeyId === meta.dataKeyId &&
      currentEpoch?.epochId === input.epochId &&
      current.length === before.length &&
      current.every((row) => before.some((old) => (old as { id: unknown }).id === (row as { id: unknown }).id && ciphertextOf(old) === ciphertextOf(row)));
    if (!unchanged) {
      throw new AppError('CONFLICT', phrase('error_vaultChangedReencrypt'));
    }
    // When a key was last used is only a display hint, written outside the vault's queue: keep the newest.
    const lastUsed = new Map(current.map((row) => [(row as { id: unknown }).id, (row as { lastUsedAt?: unknown }).lastUsedAt]));
    const rows = written.map((row) => {
      const used = lastUsed.get((row as { id: unknown }).id);
      return typeof used === 'number' ? { ...(row as SecretRecord), lastUsedAt: used } : row;
    });
    if (input.remove !== undefined) await tx.secrets.delete(input.remove);
    await tx.secrets.bulkPut(rows as SecretRecord[]);
    if (newMeta !== meta) await tx.meta.put(newMeta);
    await tx.epoch.put(input.newEpoch);
  });
  return replaced;
}
