import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';

const usdPerMillion = lazySchema(() => z.optional(z.number().check(z.gte(0), z.lte(1_000_000))));

/** The user's own price for a provider's model, USD per 1M tokens; each field set replaces the catalog's. */
export const PriceOverrideEntry = lazySchema(() =>
  z.strictObject({
    provider: z.string().check(z.minLength(1), z.maxLength(64)),
    model: z.string().check(z.minLength(1), z.maxLength(256)),
    input: usdPerMillion,
    output: usdPerMillion,
    cachedInput: usdPerMillion,
  }),
);
export type PriceOverrideEntry = z.infer<typeof PriceOverrideEntry>;
