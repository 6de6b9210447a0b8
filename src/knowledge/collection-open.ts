import type { KnowledgeContext, KnowledgeSource } from './collection-context';

/**
 * Where a citation opens its source (issue 19): a saved page at its address, scrolled to the
 * heading the excerpt sits under (a text fragment, `#:~:text=`); a PDF, a text or a Markdown file
 * in the extension's source page (source.html), which opens the stored PDF at its page (`#page=N`,
 * the browsers' PDF viewers read it) and shows a text at its heading.
 */

/** A text fragment directive for `text` (the characters the syntax gives a meaning, and `-`, escaped). */
export function textFragment(text: string): string {
  return `:~:text=${encodeURIComponent(text).replace(/-/g, '%2D')}`;
}

/** The id of a heading in the source page: its path, so the same heading text under two parents stays two places. */
export function headingId(path: readonly string[]): string {
  const slug = path
    .join('--')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `h-${slug}`;
}

export type SourceTarget = { kind: 'web'; url: string } | { kind: 'viewer'; path: string };

/** Only web pages are opened by address (a stored URL that is anything else opens the stored copy). */
const isWeb = (url: string | undefined): url is string => !!url && /^https?:\/\//i.test(url);

export function sourceTarget(source: Pick<KnowledgeSource, 'kind' | 'itemId' | 'url' | 'page' | 'headingPath'>): SourceTarget {
  if (source.kind === 'page' && isWeb(source.url)) {
    const base = source.url.replace(/#.*$/, '');
    const heading = source.headingPath[source.headingPath.length - 1];
    return { kind: 'web', url: heading ? `${base}#${textFragment(heading)}` : base };
  }
  const query = new URLSearchParams({ item: source.itemId });
  if (source.page !== undefined) query.set('page', String(source.page));
  const hash = source.page === undefined && source.headingPath.length ? `#${headingId(source.headingPath)}` : '';
  return { kind: 'viewer', path: `/source.html?${query.toString()}${hash}` };
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
