import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { PhraseSchema } from '@/src/shared/i18n/phrase-schema';
import { ProviderIdSchema, ProviderSettings } from '@/src/providers/schemas';
import { AutoLockSetting } from '@/src/settings/schemas';

/** The vault's models as pages see them: a key without its secret, and the vault's state. */

export const Label = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(100)));
export const Passphrase = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(1024)));

export const KeyView = lazySchema(() =>
  z.object({
    id: z.string(),
    provider: ProviderIdSchema,
    label: z.string(),
    /** First 3 and last 4 characters of the main secret, or empty for a keyless server. */
    masked: z.string(),
    settings: ProviderSettings,
    createdAt: z.number(),
    rotatedAt: z.nullable(z.number()),
    lastUsedAt: z.nullable(z.number()),
    /** Why the secret or its settings look wrong, as phrases the page renders. */
    formatWarnings: z.array(PhraseSchema),
    /** The record failed to decrypt or parse; the rest of the vault is unaffected. */
    damaged: z.boolean(),
    /** A key for this session only (src/session/session-keys.ts): in memory-only storage, never on disk. */
    sessionOnly: z.optional(z.literal(true)),
    /** The organisation's gateway (src/policy/gateway-key.ts): set by the policy, never stored, never changed here. */
    organisation: z.optional(z.literal(true)),
  }),
);
export type KeyView = z.infer<typeof KeyView>;

export const VaultStatus = lazySchema(() =>
  z.object({
    state: z.enum(['absent', 'locked', 'unlocked']),
    autoLock: AutoLockSetting,
    /** Present while wrong attempts make the next unlock wait. */
    retryAfterMs: z.optional(z.number()),
    /** When the session locks by itself, as epoch milliseconds (absent for "when the browser closes"). */
    locksAt: z.optional(z.number()),
    /** When the vault header was last written (passphrase set or changed), epoch ms: tells whether a change whose reply was lost landed. */
    passphraseSetAt: z.optional(z.number()),
    /** Present while session-only keys exist (with or without a vault): how many, and when they go by themselves. */
    sessionKeys: z.optional(z.object({ count: z.number(), expiresAt: z.number() })),
    /** Present (false) when session-only keys may not be added (src/session/session-key-rules.ts). */
    sessionKeysAllowed: z.optional(z.literal(false)),
    /** Present while the organisation policy names a gateway: with no vault, it is a key to answer with. */
    orgGateway: z.optional(z.literal(true)),
  }),
);
export type VaultStatus = z.infer<typeof VaultStatus>;
