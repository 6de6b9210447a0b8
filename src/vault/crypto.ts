import { argon2id } from 'hash-wasm';
import { AppError } from '@/src/shared/errors';
import type { ProviderSettings } from '@/src/providers/schemas';
import { fromBase64, randomBytes, toBase64, utf8, zeroize } from './encoding';
import { DATA_KEY_BYTES, IV_BYTES, type Argon2idParams, type KdfParams, type Sealed } from './format';

const KEK_BYTES = 32;

/**
 * The bare Argon2id derivation (hash-wasm's WebAssembly build, Argon2 version 1.3): 32 bytes from
 * the NFC-normalised UTF-8 passphrase. Exported on its own so the unlock benchmark and the
 * independent-decryption test can compare against exactly this step. The caller zeroizes the result.
 */
export async function argon2idBytes(passphrase: string, kdf: Argon2idParams): Promise<Uint8Array> {
  const password = utf8.encode(passphrase.normalize('NFC'));
  try {
    return await argon2id({
      password,
      salt: fromBase64(kdf.salt),
      memorySize: kdf.memoryKiB,
      iterations: kdf.iterations,
      parallelism: kdf.parallelism,
      hashLength: KEK_BYTES,
      outputType: 'binary',
    });
  } finally {
    zeroize(password);
  }
}

/**
 * Passphrase → a non-extractable AES-256-GCM key that only encrypts and decrypts: Argon2id for
 * version 2, PBKDF2-HMAC-SHA256 for version-1 headers (read, then migrated, never written).
 */
export async function deriveKeyEncryptionKey(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  if (kdf.name === 'Argon2id') {
    const derived = await argon2idBytes(passphrase, kdf);
    // WebCrypto wants an ArrayBuffer-backed view; both copies are overwritten once imported.
    const raw = new Uint8Array(derived);
    zeroize(derived);
    try {
      return await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    } finally {
      zeroize(raw);
    }
  }
  const material = await crypto.subtle.importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(kdf.salt), iterations: kdf.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export function newDataKeyBytes(): Uint8Array<ArrayBuffer> {
  return randomBytes(DATA_KEY_BYTES);
}

export function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, associatedData: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData, tagLength: 128 }, key, plaintext);
  return { iv: toBase64(iv), ciphertext: toBase64(new Uint8Array(ciphertext)) };
}

/**
 * Fails with `failure` when the tag does not verify: a wrong key, a flipped bit anywhere, or a
 * ciphertext that was moved to another record (its associated data no longer matches).
 */
export async function open(
  key: CryptoKey,
  sealed: Sealed,
  associatedData: Uint8Array<ArrayBuffer>,
  failure: () => AppError,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const iv = fromBase64(sealed.iv);
    if (iv.length !== IV_BYTES) throw failure();
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: associatedData, tagLength: 128 },
      key,
      fromBase64(sealed.ciphertext),
    );
    return new Uint8Array(plaintext);
  } catch {
    throw failure();
  }
}

/**
 * Associated data of the wrapped data key: binds it to the vault, the format version and every
 * KDF parameter, so a header edited without the passphrase (less memory, another salt, another
 * version) no longer unwraps.
 */
export function dataKeyAssociatedData(vaultId: string, formatVersion: number, kdf: KdfParams, dataKeyId: string): Uint8Array<ArrayBuffer> {
  const params =
    kdf.name === 'Argon2id'
      ? [kdf.name, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt]
      : [kdf.name, kdf.hash, kdf.iterations, kdf.salt];
  return utf8.encode(JSON.stringify(['keyward.data-key', formatVersion, vaultId, dataKeyId, ...params]));
}

/** Settings in a fixed order with empty ones left out, so the associated data is reproducible. */
export function canonicalSettings(settings: ProviderSettings): [string, string][] {
  return Object.entries(settings)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Associated data of a secret: binds it to its vault, record, provider, format version and its
 * connection settings (so nobody can point a stored key at another server without the data key).
 */
export function secretAssociatedData(input: {
  vaultId: string;
  recordId: string;
  provider: string;
  formatVersion: number;
  settings: ProviderSettings;
}): Uint8Array<ArrayBuffer> {
  return utf8.encode(
    JSON.stringify([
      'keyward.secret',
      input.formatVersion,
      input.vaultId,
      input.recordId,
      input.provider,
      canonicalSettings(input.settings),
    ]),
  );
}
