import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { PROVIDER_IDS } from '@/src/providers/definitions';
import { AUTO_LOCK_CHOICES } from '@/src/settings/schemas';
import { BUDGET_LIMIT_USD } from '@/src/budget/schemas';

/**
 * The organisation policy an administrator sets through managed storage (Chrome: the `3rdparty`
 * extension policy, checked by the browser against public/managed-schema.json first; Firefox:
 * policies.json `3rdparty` → `extensions` → our id). This schema is the one judge of it: the
 * browsers' own checks are looser (Chrome only checks types, Firefox checks nothing), and a policy
 * that fails here is rejected whole (src/policy/policy.ts). README.md, "For organisations", is the
 * administrator's documentation of every field; keep the three in step.
 */

/** Providers an organisation gateway may be: those reached with one key at one base URL. */
export const GATEWAY_PROVIDERS = ['openai', 'anthropic', 'gemini', 'mistral', 'cohere', 'azure-openai', 'openrouter', 'groq', 'custom'] as const;

/**
 * A host name, or `*.` and a domain for the domain and every name under it. Lower case letters,
 * digits, dots and hyphens (an IDN in its xn-- form); no scheme, port or path.
 */
export const HOST_PATTERN = /^(\*\.)?(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** https anywhere, or http to this computer only (a gateway on the same machine): a key never crosses a network in clear. */
export function isGatewayUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}

/** zxcvbn's scale, which the options page shows (src/ui/options/passphrase/strength.ts): 3 is the least Keyward accepts, 4 the most zxcvbn gives. */
export const PASSPHRASE_STRENGTHS = [3, 4] as const;

const days = () => z.int().check(z.gte(1), z.lte(3650));
const usd = () => z.number().check(z.gte(BUDGET_LIMIT_USD.min), z.lte(BUDGET_LIMIT_USD.max));

export const GatewayPolicy = lazySchema(() =>
  z.strictObject({
    provider: z.enum(GATEWAY_PROVIDERS),
    baseUrl: z.string().check(
      z.maxLength(2048),
      z.refine(isGatewayUrl, { message: 'https, or http to localhost' }),
    ),
    /** The organisation's key: readable by the extension only, never shown, logged or stored (src/policy/gateway.ts). */
    apiKey: z.string().check(z.minLength(1), z.maxLength(8192)),
    /** The model the gateway answers with; without it, the model the user chose. */
    model: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  }),
);

export const OrganisationPolicy = lazySchema(() =>
  z.strictObject({
    gateway: z.optional(GatewayPolicy),
    allowedProviders: z.optional(z.array(z.enum(PROVIDER_IDS)).check(z.minLength(1), z.maxLength(PROVIDER_IDS.length))),
    allowedHosts: z.optional(z.array(z.string().check(z.maxLength(255), z.regex(HOST_PATTERN))).check(z.minLength(1), z.maxLength(200))),
    maxAutoLockMinutes: z.optional(z.union(AUTO_LOCK_CHOICES.map((choice) => z.literal(choice)))),
    minPassphraseStrength: z.optional(z.union(PASSPHRASE_STRENGTHS.map((score) => z.literal(score)))),
    sessionKeys: z.optional(z.boolean()),
    keyAgeReminderDays: z.optional(days()),
    backupExport: z.optional(z.boolean()),
    auditRetentionMinDays: z.optional(days()),
    spendCapDailyUsd: z.optional(usd()),
    spendCapMonthlyUsd: z.optional(usd()),
  }),
);
export type OrganisationPolicy = z.infer<typeof OrganisationPolicy>;
export type GatewayPolicy = z.infer<typeof GatewayPolicy>;

/** What a policy field is wrong by, for the options page's message (never the value: the key may be in it). */
export const POLICY_PROBLEMS = ['unknown-setting', 'wrong-type', 'out-of-range', 'not-allowed-value', 'bad-format'] as const;
export type PolicyProblemKind = (typeof POLICY_PROBLEMS)[number];

/** The policy as every page may see it: the gateway without its key. */
export const PolicyView = lazySchema(() =>
  z.object({
    gateway: z.optional(z.object({ provider: z.enum(GATEWAY_PROVIDERS), baseUrl: z.string(), model: z.optional(z.string()) })),
    allowedProviders: z.optional(z.array(z.enum(PROVIDER_IDS))),
    allowedHosts: z.optional(z.array(z.string())),
    maxAutoLockMinutes: z.optional(z.number()),
    minPassphraseStrength: z.optional(z.number()),
    sessionKeys: z.optional(z.boolean()),
    maxKeyAgeDays: z.optional(z.number()),
    backupExport: z.optional(z.boolean()),
    auditRetentionMinDays: z.optional(z.number()),
    spendCapDailyUsd: z.optional(z.number()),
    spendCapMonthlyUsd: z.optional(z.number()),
  }),
);
export type PolicyView = z.infer<typeof PolicyView>;

/** The policy's state: none set, in force, or rejected whole with what is wrong where. */
export const PolicyState = lazySchema(() =>
  z.union([
    z.object({ status: z.literal('none') }),
    z.object({ status: z.literal('active'), policy: PolicyView }),
    z.object({
      status: z.literal('rejected'),
      problems: z.array(z.object({ field: z.string().check(z.maxLength(300)), kind: z.enum(POLICY_PROBLEMS) })).check(z.maxLength(50)),
    }),
  ]),
);
export type PolicyState = z.infer<typeof PolicyState>;
