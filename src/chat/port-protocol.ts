import { z } from 'zod/mini';
import { AnswerError, AnswerRecord, UsageSchema } from './answer-record';
import type { BudgetEstimate, BudgetNotice } from '@/src/budget/schemas';
import type { Phrase } from '@/src/shared/i18n/text';
import { lazySchema } from '@/src/shared/lazy-schema';
import { ATTACHMENT_LIMITS } from '@/src/attachments/types';

export const CHAT_PORT_NAME = 'keyward.chat';

// Built on first use, as the protocol's (src/shared/lazy-schema.ts): a wake by a message pays for none of these.
const ChatMessageSchema = lazySchema(() =>
  z.strictObject({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().check(z.maxLength(4_000_000)),
    /**
     * Ids of the files sent with a user message (rows of the history's `attachments` store, saved
     * by the page before the start): the worker reads them and decides per target how each goes.
     */
    attachments: z.optional(z.array(z.string().check(z.minLength(8), z.maxLength(64))).check(z.maxLength(ATTACHMENT_LIMITS.perMessage))),
  }),
);

/**
 * A message as the page sends it on the port: the provider's ChatMessage (text) plus the ids of
 * its attachments. The worker turns the ids into the provider message's `parts` and inlined text.
 */
export type PortChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatTarget = lazySchema(() =>
  z.strictObject({
    /** The key record to use; null for Chrome's built-in model. */
    keyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(64))),
    model: z.string().check(z.minLength(1), z.maxLength(256)),
  }),
);
export type ChatTarget = z.infer<typeof ChatTarget>;

/** A model or a fallback chain of them: what an answer starts with, and what the chat remembers as chosen. */
export const ChatTargets = lazySchema(() => z.array(ChatTarget).check(z.minLength(1), z.maxLength(5)));

/** What a page sends on the chat port. */
export const ClientMessage = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('start'),
      requestId: z.string().check(z.minLength(8), z.maxLength(64)),
      /** The history conversation the answer belongs to; omitted for one-off requests. */
      conversationId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      targets: ChatTargets,
      messages: z.array(ChatMessageSchema).check(z.minLength(1), z.maxLength(10_000)),
      maxTokens: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
      temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
      /**
       * The page can show the cost confirmation: the worker then asks (`confirm`) before a large
       * request, or one reaching a budget, and waits for `confirm` or `cancel` on this port. Without
       * it (scripts, tests of the raw port) warnings and blocks apply as they are, nothing is asked.
       */
      confirmCost: z.optional(z.boolean()),
    }),
    z.strictObject({ type: z.literal('stop') }),
    /** The user's answer to `confirm`: send the request (past a used-up budget only if overridden), or not. */
    z.strictObject({ type: z.literal('confirm') }),
    z.strictObject({ type: z.literal('cancel') }),
    z.strictObject({ type: z.literal('attach'), requestId: z.string().check(z.minLength(8), z.maxLength(64)) }),
  ]),
);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type StartMessage = Extract<ClientMessage, { type: 'start' }>;

/** What the background sends back. Text arrives in batched deltas. */
export type ServerMessage =
  | { type: 'snapshot'; answer: AnswerRecord }
  /**
   * Before anything is sent: the request is large or reaches a budget (only when the start asked
   * with `confirmCost`). The worker waits for `confirm` or `cancel`; a cancel ends the answer as
   * `error` of kind `cancelled`, with nothing sent to the provider and nothing charged.
   */
  | { type: 'confirm'; estimate: BudgetEstimate }
  | { type: 'target'; index: number; provider: string; model: string }
  /** `reason` is a phrase the page renders. */
  | { type: 'fallback'; index: number; provider: string; model: string; kind: string; reason: Phrase }
  | { type: 'retry'; attempt: number; delayMs: number; kind: string }
  /** Before the answer: caps at their warning share or used up (src/budget). `block` is followed by an `error` of kind `budget-exceeded`. */
  | { type: 'budget'; level: 'warn' | 'block'; notices: BudgetNotice[] }
  | { type: 'delta'; text: string; reasoning: string }
  | { type: 'done'; answer: AnswerRecord }
  | { type: 'error'; error: AnswerError; answer?: AnswerRecord };

export type Usage = z.infer<typeof UsageSchema>;
