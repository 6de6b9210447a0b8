import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { BudgetCap } from '@/src/budget/schemas';
import { PriceOverrideEntry } from '@/src/usage/schemas';

/** The user's settings as stored (src/settings/settings-store.ts) and as pages see them. */

export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240] as const;
export const AutoLockSetting = lazySchema(() =>
  z.union([
    z.literal(1),
    z.literal(5),
    z.literal(15),
    z.literal(30),
    z.literal(60),
    z.literal(240),
    z.literal('browser-close'),
  ]),
);
export type AutoLockSetting = z.infer<typeof AutoLockSetting>;

export const FallbackChain = lazySchema(() =>
  z.strictObject({
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
  }),
);
export type FallbackChain = z.infer<typeof FallbackChain>;

export const Settings = lazySchema(() =>
  z.object({
    autoLock: AutoLockSetting,
    fallbackChains: z.array(FallbackChain).check(z.maxLength(20)),
    /** Client-side cap per key, so a runaway page or loop cannot drain a budget. 0 means no cap. */
    requestsPerMinutePerKey: z.number().check(z.int(), z.gte(0), z.lte(10_000)),
    /** Keys older than this many days get a gentle "rotate this key" reminder (src/vault/key-age.ts). 0 means never; absent, the default. */
    rotateAfterDays: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3650))),
  }),
);
export type Settings = z.infer<typeof Settings>;

const days = lazySchema(() => z.int().check(z.gte(1), z.lte(3650)));
const entries = lazySchema(() => z.int().check(z.gte(10), z.lte(1_000_000)));

/** Budgets, how long usage and audit data are kept, and the user's prices (the local store, src/platform/local-store.ts). */
export const SpendSettings = lazySchema(() =>
  z.strictObject({
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
  }),
);
export type SpendSettings = z.infer<typeof SpendSettings>;
