import { z } from 'zod/mini';
import type { CallRow, DailyRow } from './rows';

/**
 * Usage rows are read back with a schema: a row damaged on disk (a field of the wrong type) is
 * left out of totals, charts, exports and budgets instead of turning them into nonsense or
 * crashing the page. It is never deleted here.
 */
const count = z.number().check(z.nonnegative());
const tokens = { inputTokens: count, outputTokens: count, cachedInputTokens: count, reasoningTokens: count };

const DailyRowSchema = z.object({
  id: z.string(),
  day: z.string(),
  provider: z.string(),
  model: z.string(),
  keyId: z.nullable(z.string()),
  keyLabel: z.string(),
  calls: count,
  errors: count,
  estimatedCalls: count,
  unpricedCalls: count,
  cost: z.number(),
  ...tokens,
});

const CallRowSchema = z.object({
  id: z.string(),
  at: z.number(),
  day: z.string(),
  kind: z.string(),
  provider: z.string(),
  model: z.string(),
  keyId: z.nullable(z.string()),
  keyLabel: z.string(),
  estimated: z.boolean(),
  cost: z.nullable(z.number()),
  latencyMs: z.number(),
  ttftMs: z.nullable(z.number()),
  outcome: z.string(),
  ...tokens,
});

export interface ValidRows<T> {
  rows: T[];
  /** How many rows failed their schema and were left out. */
  damaged: number;
}

function keepValid<T>(schema: z.ZodMiniType, rows: readonly unknown[]): ValidRows<T> {
  const valid = rows.filter((row) => schema.safeParse(row).success) as T[];
  return { rows: valid, damaged: rows.length - valid.length };
}

export const validDailyRows = (rows: readonly unknown[]): ValidRows<DailyRow> => keepValid<DailyRow>(DailyRowSchema, rows);
export const validCallRows = (rows: readonly unknown[]): ValidRows<CallRow> => keepValid<CallRow>(CallRowSchema, rows);
export const isValidDailyRow = (row: unknown): row is DailyRow => DailyRowSchema.safeParse(row).success;
