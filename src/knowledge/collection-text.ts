import type { KnowledgeContext, KnowledgeSource } from './collection-context';

/**
 * The words of a question's excerpts for the model, and the citations read back from its answer
 * (no schema here: the chat's first paint loads this, not the checks).
 */

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
