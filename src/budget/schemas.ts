import { z } from 'zod/mini';
import { PhraseSchema } from '@/src/shared/i18n/phrase-schema';
import { lazySchema } from '@/src/shared/lazy-schema';

/** A budget's limit in USD: from a hundredth of a cent (people trying cheap models set cents or less) to a million. The form checks the same bounds. */
export const BUDGET_LIMIT_USD = { min: 0.0001, max: 1_000_000 } as const;

/** A spending cap: for everything, one provider or one key, per local day or calendar month. */
export const BudgetCap = lazySchema(() =>
  z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    scope: z.enum(['global', 'provider', 'key']),
    /** The provider id or key id the cap is for; absent for a global cap. */
    target: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    period: z.enum(['day', 'month']),
    limitUsd: z.number().check(z.gte(BUDGET_LIMIT_USD.min), z.lte(BUDGET_LIMIT_USD.max)),
  }),
);
export type BudgetCap = z.infer<typeof BudgetCap>;

/**
 * A cap's state as pages see it (and the chat's `budget` message): numbers for the program and
 * phrases for the user, which the page renders in the UI language. The worker sends no words.
 */
export const BudgetNotice = lazySchema(() =>
  z.object({
    capId: z.string(),
    /** "the monthly budget for OpenAI", as a phrase the page renders. */
    namePhrase: PhraseSchema,
    limitUsd: z.number(),
    spentUsd: z.number(),
    level: z.enum(['ok', 'warn', 'block']),
    /** When the period ends and the cap starts from zero, epoch ms. */
    resetsAt: z.number(),
    /** The cap's state in a sentence (used up, would be passed, or its share spent), rendered by the page. */
    phrase: PhraseSchema,
  }),
);
export type BudgetNotice = z.infer<typeof BudgetNotice>;

export const BudgetEstimate = lazySchema(() =>
  z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    /** Null when the model's price is unknown. */
    costUsd: z.nullable(z.number()),
    /** The request alone costs more than LARGE_REQUEST_USD. */
    large: z.boolean(),
    level: BudgetNotice.shape.level,
    /** The caps at warn or block level for this request. */
    notices: z.array(BudgetNotice),
    /** Of `inputTokens`, those of the attachments, and whether they are estimated (a provider's image rules unknown). */
    attachments: z.optional(z.object({ tokens: z.number(), estimated: z.boolean() })),
  }),
);
export type BudgetEstimate = z.infer<typeof BudgetEstimate>;
