import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { formatCount, formatNumber } from '@/src/shared/i18n/format';
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
  | { kind: 'downgrade'; detail: Phrase }
  | { kind: 'newer'; detail: Phrase }
  | { kind: 'damaged'; detail: Phrase };

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
    return { kind: 'newer', detail: phrase('error_header_newer') };
  }
  const expected = meta.formatVersion === PBKDF2_FORMAT_VERSION ? 'PBKDF2' : meta.formatVersion === FORMAT_VERSION ? 'Argon2id' : undefined;
  if (expected === undefined || meta.kdf.name !== expected) {
    return { kind: 'damaged', detail: phrase('error_header_mismatch') };
  }
  const salt = saltBytes(meta.kdf.salt);
  if (meta.kdf.name === 'PBKDF2') {
    if (meta.kdf.iterations < MIN_PBKDF2_ITERATIONS || salt < MIN_SALT_BYTES) {
      return {
        kind: 'downgrade',
        detail: phrase('error_header_weakPbkdf2', formatNumber(MIN_PBKDF2_ITERATIONS), formatCount(MIN_SALT_BYTES)),
      };
    }
    return undefined;
  }
  if (meta.kdf.memoryKiB < MIN_ARGON2_MEMORY_KIB || meta.kdf.iterations < MIN_ARGON2_ITERATIONS || salt < MIN_SALT_BYTES) {
    return {
      kind: 'downgrade',
      detail: phrase('error_header_weakArgon2', formatCount(MIN_ARGON2_MEMORY_KIB / 1024), formatCount(MIN_ARGON2_ITERATIONS), formatCount(MIN_SALT_BYTES)),
    };
  }
  return undefined;
}

/** headerProblem for the vault itself: throws the error the unlock and change forms explain. */
export function checkHeader(meta: VaultMeta): void {
  const problem = headerProblem(meta);
  if (!problem) return;
  if (problem.kind === 'downgrade') {
    throw new AppError('VAULT_DOWNGRADE', phrase('error_vaultDowngrade', problem.detail));
  }
  if (problem.kind === 'newer') throw new AppError('VAULT_DAMAGED', phrase('error_vaultNewer', problem.detail));
  throw new AppError('VAULT_DAMAGED', phrase('error_headerDamaged', problem.detail));
}

/** A header that passed checkHeader but is older or cheaper than what new vaults get: re-wrapped at unlock. */
export function needsUpgrade(meta: VaultMeta): boolean {
  if (meta.formatVersion < FORMAT_VERSION || meta.kdf.name !== 'Argon2id') return true;
  return meta.kdf.memoryKiB < ARGON2_MEMORY_KIB || meta.kdf.iterations < ARGON2_ITERATIONS;
}
