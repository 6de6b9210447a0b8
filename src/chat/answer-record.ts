import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';

export const ANSWER_STATUSES = ['streaming', 'complete', 'stopped', 'interrupted', 'failed'] as const;

export const UsageSchema = lazySchema(() =>
  z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    cachedInputTokens: z.number(),
    reasoningTokens: z.number(),
    estimated: z.boolean(),
  }),
);

export const AnswerError = lazySchema(() =>
  z.object({
    kind: z.string(),
    message: z.string(),
    retryable: z.boolean(),
    retryAfterMs: z.optional(z.number()),
  }),
);
export type AnswerError = z.infer<typeof AnswerError>;

export const AnsweredBy = lazySchema(() => z.object({ index: z.number(), provider: z.string(), model: z.string(), keyId: z.nullable(z.string()) }));
export type AnsweredBy = z.infer<typeof AnsweredBy>;

/**
 * One streamed answer as saved while it arrives. `interrupted` means the worker died mid-stream:
 * the text received so far is kept and the answer can be continued or retried.
 */
export const AnswerRecord = lazySchema(() =>
  z.object({
    id: z.string(),
    /** The history conversation it belongs to, or null for a one-off request. */
    conversationId: z.nullable(z.string()),
    role: z.literal('assistant'),
    status: z.enum(ANSWER_STATUSES),
    text: z.string(),
    reasoning: z.string(),
    answeredBy: z.optional(AnsweredBy),
    /** Targets that failed before one answered, in order. */
    fellBackFrom: z.array(z.object({ provider: z.string(), model: z.string(), kind: z.string() })),
    usage: z.optional(UsageSchema),
    finishReason: z.optional(z.string()),
    error: z.optional(AnswerError),
    startedAt: z.number(),
    firstTokenAt: z.optional(z.number()),
    updatedAt: z.number(),
    completedAt: z.optional(z.number()),
  }),
);
export type AnswerRecord = z.infer<typeof AnswerRecord>;
