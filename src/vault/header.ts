import { AppError } from '@/src/shared/errors';
import { fromBase64 } from './encoding';
import {
  ARGON2_ITERATIONS,
  ARGON2_MEMORY_KIB,
  FORMAT_VERSION,
  MIN_ARGON2_ITERATIONS,
  MIN_ARGON2_MEMORY_KIB,
  MIN_PBKDF2_ITERATIONS,
  MIN_SALT_BYTES,
  PBKDF2_FORMAT_VERSION,
  type VaultMeta,
} from './format';

/** Why a header may not be used. `detail` is for the user; it names settings, never secrets. */
export type HeaderProblem =
  | { kind: 'downgrade'; detail: string }
  | { kind: 'newer'; detail: string }
  | { kind: 'damaged'; detail: string };

function saltBytes(salt: string): number {
  try {
    return fromBase64(salt).length;
  } catch {
    return 0;
  }
}

/**
 * Every rule a header must meet before its KDF runs: a known format version, the KDF that
 * version uses, and every minimum (salt length, PBKDF2 iterations, Argon2id memory and passes).
 * One function for unlock and for backup import, so neither can accept what the other refuses.
 */
export function headerProblem(meta: VaultMeta): HeaderProblem | undefined {
  if (meta.formatVersion > FORMAT_VERSION) {
    return { kind: 'newer', detail: 'it was written by a newer version of Keyward. Update the extension to open it.' };
  }
  const expected = meta.formatVersion === PBKDF2_FORMAT_VERSION ? 'PBKDF2' : meta.formatVersion === FORMAT_VERSION ? 'Argon2id' : undefined;
  if (expected === undefined || meta.kdf.name !== expected) {
    return { kind: 'damaged', detail: 'its format version and key-derivation settings do not match.' };
  }
  const salt = saltBytes(meta.kdf.salt);
  if (meta.kdf.name === 'PBKDF2') {
    if (meta.kdf.iterations < MIN_PBKDF2_ITERATIONS || salt < MIN_SALT_BYTES) {
      return {
        kind: 'downgrade',
        detail: `its key-derivation settings are weaker than the allowed minimum (${MIN_PBKDF2_ITERATIONS.toLocaleString('en')} PBKDF2 iterations, ${MIN_SALT_BYTES}-byte salt).`,
      };
    }
    return undefined;
  }
  if (meta.kdf.memoryKiB < MIN_ARGON2_MEMORY_KIB || meta.kdf.iterations < MIN_ARGON2_ITERATIONS || salt < MIN_SALT_BYTES) {
    return {
      kind: 'downgrade',
      detail: `its key-derivation settings are weaker than the allowed minimum (Argon2id with ${MIN_ARGON2_MEMORY_KIB / 1024} MiB and ${MIN_ARGON2_ITERATIONS} passes, ${MIN_SALT_BYTES}-byte salt).`,
    };
  }
  return undefined;
}

/** headerProblem for the vault itself: throws the error the unlock and change forms explain. */
export function checkHeader(meta: VaultMeta): void {
  const problem = headerProblem(meta);
  if (!problem) return;
  if (problem.kind === 'downgrade') {
    throw new AppError('VAULT_DOWNGRADE', `This vault was refused to protect your keys: ${problem.detail} It may have been tampered with.`);
  }
  if (problem.kind === 'newer') throw new AppError('VAULT_DAMAGED', `This vault cannot be opened: ${problem.detail}`);
  throw new AppError('VAULT_DAMAGED', `The vault header is damaged: ${problem.detail} Your data was left as it is; restore a backup or wipe the vault to start over.`);
}

/** A header that passed checkHeader but is older or cheaper than what new vaults get: re-wrapped at unlock. */
export function needsUpgrade(meta: VaultMeta): boolean {
  if (meta.formatVersion < FORMAT_VERSION || meta.kdf.name !== 'Argon2id') return true;
  return meta.kdf.memoryKiB < ARGON2_MEMORY_KIB || meta.kdf.iterations < ARGON2_ITERATIONS;
}
