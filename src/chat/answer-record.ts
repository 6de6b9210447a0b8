import { z } from 'zod/mini';
import { phrase, renderPhrase } from '@/src/shared/i18n/text';
import { PhraseSchema } from '@/src/shared/i18n/phrase-schema';
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

/**
 * Why an answer failed, as saved with it: `kind` for the program, `phrase` for the user (rendered
 * by the page in the UI language; the worker writes no words). Answers saved before phrases have
 * `message`, words in English, still shown as they are.
 */
export const AnswerError = lazySchema(() =>
  z.object({
    kind: z.string(),
    phrase: z.optional(PhraseSchema),
    /** Words written by older versions; read, never written. */
    message: z.optional(z.string()),
    retryable: z.boolean(),
    retryAfterMs: z.optional(z.number()),
  }),
);
export type AnswerError = z.infer<typeof AnswerError>;

/**
 * An answer error's words in the UI language: its phrase, or the English an older version saved.
 * For pages and for files people read (Markdown exports); the worker never calls it.
 */
export function answerErrorText(error: AnswerError): string {
  if (error.phrase) return renderPhrase(error.phrase);
  return error.message ?? renderPhrase(phrase('genericError'));
}

export const AnsweredBy = lazySchema(() =>
  z.object({
    index: z.number(),
    provider: z.string(),
    model: z.string(),
    keyId: z.nullable(z.string()),
    /** Answered through the organisation's gateway (src/policy), after the user's own keys could not: labelled so on the answer. */
    gateway: z.optional(z.literal(true)),
  }),
);
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
