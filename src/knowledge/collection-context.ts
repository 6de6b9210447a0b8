import { z } from 'zod/mini';

/**
 * What a collection adds to a question (issue 19): the excerpts retrieved for it, numbered, saved
 * with the question in the history like a page's text (`MessageContext`), and sent the same way:
 * the page writes them into the user message's content (src/ui/chat/conversation-messages.ts),
 * so regenerate and edit send the same excerpts, and the answer's citations [n] resolve to them
 * after a reload.
 */

export const KNOWLEDGE_LIMITS = {
  /** Collections one question may attach. */
  collections: 5,
  /** Excerpts sent with a question. */
  sources: 12,
  /** One excerpt's text (a chunk is at most ~4,000 characters: chunk.ts). */
  sourceChars: 8_000,
} as const;

export const ITEM_KINDS = ['pdf', 'text', 'markdown', 'page'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const KnowledgeSource = z.object({
  /** The number the answer cites it by: [n]. */
  n: z.int().check(z.gte(1), z.lte(KNOWLEDGE_LIMITS.sources)),
  collectionId: z.string().check(z.maxLength(64)),
  itemId: z.string().check(z.maxLength(64)),
  chunkId: z.string().check(z.maxLength(128)),
  kind: z.enum(ITEM_KINDS),
  title: z.string().check(z.maxLength(1000)),
  /** A saved page's address (what a citation opens, at its heading). */
  url: z.optional(z.string().check(z.maxLength(4096))),
  page: z.optional(z.int().check(z.gte(1))),
  headingPath: z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(6)),
  text: z.string().check(z.maxLength(KNOWLEDGE_LIMITS.sourceChars)),
});
export type KnowledgeSource = z.infer<typeof KnowledgeSource>;

export const KnowledgeContext = z.object({
  collections: z.array(z.object({ id: z.string().check(z.maxLength(64)), name: z.string().check(z.maxLength(200)) })).check(z.minLength(1), z.maxLength(KNOWLEDGE_LIMITS.collections)),
  sources: z.array(KnowledgeSource).check(z.maxLength(KNOWLEDGE_LIMITS.sources)),
});
export type KnowledgeContext = z.infer<typeof KnowledgeContext>;

export { knowledgeText, sourceLabel } from './collection-text';
export { citedNumbers } from './collection-open';
