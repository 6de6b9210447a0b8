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

/** Where an excerpt comes from, in words: "Manual, page 3" or "Guide › Install › Linux". */
export function sourceLabel(source: Pick<KnowledgeSource, 'title' | 'page' | 'headingPath'>): string {
  const where = source.page !== undefined ? [`p. ${source.page}`] : source.headingPath.slice(-2);
  return [source.title, ...where].filter(Boolean).join(' › ');
}

/** The excerpts as the model reads them after the question, with the instruction to cite them by number. */
export function knowledgeText(context: KnowledgeContext): string {
  const names = context.collections.map((collection) => `"${collection.name}"`).join(', ');
  if (!context.sources.length) return `---\nNothing in the collection ${names} matched this question.`;
  const excerpts = context.sources.map((source) => `[${source.n}] ${sourceLabel(source)}${source.url ? ` (${source.url})` : ''}\n${source.text}`);
  return [
    `---\nExcerpts from the collection ${names}. Answer from them where they apply, and cite each excerpt you use by its number in square brackets, like [1] or [2][3].`,
    ...excerpts,
  ].join('\n\n');
}

/** The excerpt numbers an answer cites, in the order it first cites them (only numbers that exist). */
export function citedNumbers(answer: string, context: KnowledgeContext): number[] {
  const known = new Set(context.sources.map((source) => source.n));
  const cited: number[] = [];
  for (const match of answer.matchAll(/\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]/g)) {
    for (const part of (match[1] as string).split(',')) {
      const n = Number(part.trim());
      if (known.has(n) && !cited.includes(n)) cited.push(n);
    }
  }
  return cited;
}
