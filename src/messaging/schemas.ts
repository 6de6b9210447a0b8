import { z } from 'zod/mini';
import { PROVIDER_IDS } from '@/src/providers/definitions';

const shortText = (max: number) => z.string().check(z.maxLength(max));
const secretText = z.string().check(z.maxLength(8192));

export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240] as const;
export const AutoLockSetting = z.union([
  z.literal(1),
  z.literal(5),
  z.literal(15),
  z.literal(30),
  z.literal(60),
  z.literal(240),
  z.literal('browser-close'),
]);
export type AutoLockSetting = z.infer<typeof AutoLockSetting>;

export const ProviderIdSchema = z.enum(PROVIDER_IDS);

export const SecretInput = z.strictObject({
  apiKey: z.optional(secretText),
  accessKeyId: z.optional(secretText),
  secretAccessKey: z.optional(secretText),
  sessionToken: z.optional(secretText),
});
export type SecretInput = z.infer<typeof SecretInput>;

export const ProviderSettings = z.strictObject({
  baseUrl: z.optional(shortText(2048)),
  azureResource: z.optional(shortText(256)),
  azureDeployment: z.optional(shortText(256)),
  azureApiVersion: z.optional(shortText(64)),
  region: z.optional(shortText(64)),
  vertexProject: z.optional(shortText(256)),
  vertexLocation: z.optional(shortText(64)),
  bedrockAuth: z.optional(z.enum(['sigv4', 'api-key'])),
  /**
   * The user confirmed sending this key over plain http to a computer other than this one. Without
   * it the transport refuses such a base URL. A string like every setting, so the vault binds it
   * into the key's associated data.
   */
  allowInsecureHttp: z.optional(z.literal('yes')),
});
export type ProviderSettings = z.infer<typeof ProviderSettings>;

export const KeyView = z.object({
  id: z.string(),
  provider: ProviderIdSchema,
  label: z.string(),
  /** First 3 and last 4 characters of the main secret, or empty for a keyless server. */
  masked: z.string(),
  settings: ProviderSettings,
  createdAt: z.number(),
  rotatedAt: z.nullable(z.number()),
  lastUsedAt: z.nullable(z.number()),
  formatWarnings: z.array(z.string()),
  /** The record failed to decrypt or parse; the rest of the vault is unaffected. */
  damaged: z.boolean(),
});
export type KeyView = z.infer<typeof KeyView>;

export const VaultStatus = z.object({
  state: z.enum(['absent', 'locked', 'unlocked']),
  autoLock: AutoLockSetting,
  /** Present while wrong attempts make the next unlock wait. */
  retryAfterMs: z.optional(z.number()),
  /** When the session locks by itself, as epoch milliseconds (absent for "when the browser closes"). */
  locksAt: z.optional(z.number()),
  /** When the vault header was last written (passphrase set or changed), epoch ms: tells whether a change whose reply was lost landed. */
  passphraseSetAt: z.optional(z.number()),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const FallbackChain = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Tried in order: a retryable failure before the first token moves to the next. */
  targets: z
    .array(
      z.strictObject({
        keyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(64))),
        model: z.string().check(z.minLength(1), z.maxLength(256)),
      }),
    )
    .check(z.minLength(1), z.maxLength(5)),
});
export type FallbackChain = z.infer<typeof FallbackChain>;

export const Settings = z.object({
  autoLock: AutoLockSetting,
  fallbackChains: z.array(FallbackChain).check(z.maxLength(20)),
  /** Client-side cap per key, so a runaway page or loop cannot drain a budget. 0 means no cap. */
  requestsPerMinutePerKey: z.number().check(z.int(), z.gte(0), z.lte(10_000)),
});
export type Settings = z.infer<typeof Settings>;

export const Label = z.string().check(z.minLength(1), z.maxLength(100));
export const Passphrase = z.string().check(z.minLength(1), z.maxLength(1024));
export const RecordId = z.string().check(z.minLength(1), z.maxLength(64));
export const Empty = z.strictObject({});

export const ConnectionTest = z.object({
  result: z.enum(['works', 'key-rejected', 'no-permission', 'not-reachable', 'origin-refused', 'not-allowed', 'unknown']),
  message: z.string(),
  models: z.optional(z.number()),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

export const ModelSummary = z.object({
  id: z.string(),
  displayName: z.optional(z.string()),
  contextWindow: z.optional(z.number()),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** A budget's limit in USD: from a hundredth of a cent (people trying cheap models set cents or less) to a million. The form checks the same bounds. */
export const BUDGET_LIMIT_USD = { min: 0.0001, max: 1_000_000 } as const;

/** A spending cap: for everything, one provider or one key, per local day or calendar month. */
export const BudgetCap = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  scope: z.enum(['global', 'provider', 'key']),
  /** The provider id or key id the cap is for; absent for a global cap. */
  target: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  period: z.enum(['day', 'month']),
  limitUsd: z.number().check(z.gte(BUDGET_LIMIT_USD.min), z.lte(BUDGET_LIMIT_USD.max)),
});
export type BudgetCap = z.infer<typeof BudgetCap>;

const days = z.int().check(z.gte(1), z.lte(3650));
const usdPerMillion = z.optional(z.number().check(z.gte(0), z.lte(1_000_000)));

export const PriceOverrideEntry = z.strictObject({
  provider: z.string().check(z.minLength(1), z.maxLength(64)),
  model: z.string().check(z.minLength(1), z.maxLength(256)),
  input: usdPerMillion,
  output: usdPerMillion,
  cachedInput: usdPerMillion,
});
export type PriceOverrideEntry = z.infer<typeof PriceOverrideEntry>;
const entries = z.int().check(z.gte(10), z.lte(1_000_000));

/** Budgets, how long usage and audit data are kept, and the user's prices (the local store, src/platform/local-store.ts). */
export const SpendSettings = z.strictObject({
  caps: z.array(BudgetCap).check(z.maxLength(50)),
  /** Warn when this share of a cap is spent. */
  warnAt: z.number().check(z.gte(0.05), z.lte(1)),
  retention: z.strictObject({
    /** Each call in detail. */
    detailDays: days,
    /** Failed calls in detail. */
    errorDays: days,
    /** Daily totals. */
    aggregateDays: days,
    auditDays: days,
    /** Past this many audit entries, only the newest `auditKeep` are kept. */
    auditMax: entries,
    auditKeep: entries,
  }),
  /** USD per 1M tokens for a provider's model, each field set replacing the catalog's. */
  priceOverrides: z.array(PriceOverrideEntry).check(z.maxLength(500)),
});
export type SpendSettings = z.infer<typeof SpendSettings>;

/** A cap's state as pages see it (and the chat's `budget` message). */
export const BudgetNotice = z.object({
  capId: z.string(),
  /** "the monthly budget for OpenAI". */
  name: z.string(),
  limitUsd: z.number(),
  spentUsd: z.number(),
  level: z.enum(['ok', 'warn', 'block']),
  /** When the period ends and the cap starts from zero, epoch ms. */
  resetsAt: z.number(),
  message: z.string(),
});
export type BudgetNotice = z.infer<typeof BudgetNotice>;

export const BudgetEstimate = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  /** Null when the model's price is unknown. */
  costUsd: z.nullable(z.number()),
  /** The request alone costs more than LARGE_REQUEST_USD. */
  large: z.boolean(),
  level: BudgetNotice.shape.level,
  /** The caps at warn or block level for this request. */
  notices: z.array(BudgetNotice),
});
export type BudgetEstimate = z.infer<typeof BudgetEstimate>;
