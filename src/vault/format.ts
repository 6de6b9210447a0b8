import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { ProviderIdSchema, ProviderSettings } from '@/src/providers/schemas';

/**
 * Bumped when the on-disk layout or the associated-data layout changes.
 * 1: PBKDF2-HMAC-SHA256 header. 2: Argon2id header (records unchanged). Version 1 is still read,
 * and re-wrapped as version 2 at its next unlock.
 */
export const FORMAT_VERSION = 2;
export const PBKDF2_FORMAT_VERSION = 1;

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256. A version-1 vault below it is refused, never used. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
/** What version-1 vaults were written with (kept for the documentation and the tests that write one). */
export const CURRENT_PBKDF2_ITERATIONS = 650_000;

/**
 * Argon2id as RFC 9106 §4 recommends when 2 GiB is too much: 64 MiB, 3 passes, 4 lanes. Memory is
 * what makes each guess expensive on a GPU; 3 passes keep an unlock near 0.2 s in the worker.
 * These are also the floors: a header asking for less memory or fewer passes is refused
 * (downgrade protection); an older header with less is re-wrapped at its next unlock.
 */
export const ARGON2_MEMORY_KIB = 64 * 1024;
export const ARGON2_ITERATIONS = 3;
export const ARGON2_PARALLELISM = 4;
export const MIN_ARGON2_MEMORY_KIB = 64 * 1024;
export const MIN_ARGON2_ITERATIONS = 3;
/**
 * Ceilings, so a crafted header or backup cannot make the worker allocate gigabytes or spin for
 * minutes before the passphrase is even checked.
 */
export const MAX_ARGON2_MEMORY_KIB = 1024 * 1024;
export const MAX_ARGON2_ITERATIONS = 32;
export const MAX_ARGON2_PARALLELISM = 16;

export const MIN_SALT_BYTES = 16;
export const SALT_BYTES = 32;
export const IV_BYTES = 12;
export const DATA_KEY_BYTES = 32;

const Base64 = lazySchema(() => z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/), z.maxLength(1_000_000)));

/** Version 1. */
export const Pbkdf2Params = lazySchema(() =>
  z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().check(z.int(), z.gte(1), z.lte(100_000_000)),
    salt: Base64,
  }),
);
export type Pbkdf2Params = z.infer<typeof Pbkdf2Params>;

/** Version 2. Argon2 version 0x13 (1.3), 32-byte output. Floors are checked in header.ts, so a low value reads as a downgrade, not as damage. */
export const Argon2idParams = lazySchema(() =>
  z.strictObject({
    name: z.literal('Argon2id'),
    memoryKiB: z.number().check(z.int(), z.gte(1), z.lte(MAX_ARGON2_MEMORY_KIB)),
    iterations: z.number().check(z.int(), z.gte(1), z.lte(MAX_ARGON2_ITERATIONS)),
    parallelism: z.number().check(z.int(), z.gte(1), z.lte(MAX_ARGON2_PARALLELISM)),
    salt: Base64,
  }),
);
export type Argon2idParams = z.infer<typeof Argon2idParams>;

export const KdfParams = lazySchema(() => z.discriminatedUnion('name', [Pbkdf2Params, Argon2idParams]));
export type KdfParams = z.infer<typeof KdfParams>;

export const Sealed = lazySchema(() => z.strictObject({ iv: Base64, ciphertext: Base64 }));
export type Sealed = z.infer<typeof Sealed>;

/** The vault header: how to derive the key-encryption key, and the data key wrapped by it. */
export const VaultMeta = lazySchema(() =>
  z.strictObject({
    id: z.literal('main'),
    vaultId: z.string().check(z.minLength(1), z.maxLength(64)),
    formatVersion: z.number().check(z.int()),
    kdf: KdfParams,
    /** Changes whenever the data key changes, so a stale unlocked session can be detected. */
    dataKeyId: z.string().check(z.minLength(1), z.maxLength(64)),
    wrappedDataKey: Sealed,
    createdAt: z.number(),
    updatedAt: z.number(),
  }),
);
export type VaultMeta = z.infer<typeof VaultMeta>;

/**
 * The format number in a record's associated data. Version 2 changed only the header's KDF, so
 * records keep version 1's layout and number: migrating a vault re-wraps its data key and
 * touches no record. A version that changes the records' layout returns its own number here.
 */
export function recordFormatVersion(formatVersion: number): number {
  return formatVersion <= FORMAT_VERSION ? PBKDF2_FORMAT_VERSION : formatVersion;
}

/** One key (or keyless server) record. Only `sealed` is secret; the rest is metadata. */
export const SecretRecord = lazySchema(() =>
  z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    provider: ProviderIdSchema,
    label: z.string().check(z.maxLength(100)),
    settings: ProviderSettings,
    /**
     * Written before December 2026: the key's format warnings, as English sentences. Read and
     * ignored (the warnings are now worked out from the decrypted secret when the key is shown),
     * and dropped when the record is next written (`currentRecord`).
     */
    formatWarnings: z.optional(z.array(z.string().check(z.maxLength(500)))),
    createdAt: z.number(),
    rotatedAt: z.nullable(z.number()),
    lastUsedAt: z.nullable(z.number()),
    sealed: Sealed,
  }),
);
export type SecretRecord = z.infer<typeof SecretRecord>;

/** A record as it is written now: without the fields older versions wrote that are no longer kept. */
export function currentRecord<T extends Partial<SecretRecord>>(record: T): Omit<T, 'formatWarnings'> {
  const { formatWarnings: _legacy, ...current } = record;
  return current;
}

/** The plaintext inside `sealed`: JSON of the secret fields the provider needs. */
export const SecretPayload = lazySchema(() =>
  z.strictObject({
    apiKey: z.optional(z.string()),
    accessKeyId: z.optional(z.string()),
    secretAccessKey: z.optional(z.string()),
    sessionToken: z.optional(z.string()),
  }),
);
export type SecretPayload = z.infer<typeof SecretPayload>;
