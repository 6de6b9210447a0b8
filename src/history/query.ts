import { MAX_TERM, NON_ASCII, PREFIX_MARK, isPair, scanTerms, visitWide } from './tokenize';

export interface QueryTerm {
  term: string;
  /** Matches every indexed term that starts with `term` (the word being typed). */
  prefix: boolean;
}

/**
 * All words must match; the last one also as the start of a longer word, unless the query ends
 * with a space or punctuation (then the word is complete). Single letters are ignored, a single
 * Han or kana character matches as the start of a pair.
 */
export function parseQuery(query: string): QueryTerm[] {
  const all: string[] = [];
  scanTerms(query, (term) => void all.push(term));
  const open = /[\p{L}\p{N}\p{M}]$/u.test(query);
  const out = new Map<string, QueryTerm>();
  all.forEach((term, index) => {
    const prefix = isPair(term) ? Array.from(term).length === 1 : open && index === all.length - 1;
    out.set(term, { term, prefix: prefix || out.get(term)?.prefix === true });
  });
  return [...out.values()];
}

/** The key range of index rows a query term matches: one row, or the words starting with a longer prefix. */
export function lookupRange(query: QueryTerm): { lower: string; upper: string } {
  if (!query.prefix) return { lower: query.term, upper: query.term };
  const length = Array.from(query.term).length;
  if (length <= 3 && (length > 1 || isPair(query.term))) {
    const row = `${query.term}${PREFIX_MARK}`;
    return { lower: row, upper: row };
  }
  return { lower: query.term, upper: `${query.term}\uffff` };
}

/** The offset in a text of the first term that matches the query, or -1. */
export type Matcher = (text: string) => number;

/** A run of the tokenizer (see ROUGH in tokenize.ts) with a character beyond ASCII: it is folded before it is split. */
const WIDE_RUN = /(?<![a-z0-9\u0080-\uffff])[a-z0-9]*[\u0080-\uffff][a-z0-9\u0080-\uffff]*/g;

/**
 * A matcher for many texts (a snippet looks at many messages, most of which do not match). It
 * finds the same first term as the tokenizer would: runs of ASCII letters and digits with one
 * regular expression, without making a string of every word; only runs with other characters
 * go through the tokenizer.
 */
export function matcher(query: QueryTerm[]): Matcher {
  if (!query.length) return () => -1;
  const ascii = asciiPattern(query);
  const matches = (term: string) => query.some((part) => (part.prefix ? term.startsWith(part.term) : term === part.term));
  return (text) => {
    const lower = text.toLowerCase();
    const first = ascii?.exec(lower)?.index ?? -1;
    if (!NON_ASCII.test(lower)) return first;
    for (const run of lower.matchAll(WIDE_RUN)) {
      if (first >= 0 && run.index > first) break;
      let found = -1;
      visitWide(run[0], run.index, (term, at) => {
        if (!matches(term)) return false;
        found = at;
        return true;
      });
      if (found >= 0) return found;
    }
    return first;
  };
}

/**
 * The query's ASCII terms at the start of a run: all of it for a word, its start for a prefix or
 * a word cut at MAX_TERM. (A run that goes on with wider characters starts with the same term
 * once folded.) None without an ASCII term: no other term can be in an ASCII run.
 */
function asciiPattern(query: QueryTerm[]): RegExp | undefined {
  const parts = query
    .filter((part) => !NON_ASCII.test(part.term))
    .map((part) => {
      const term = part.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return part.prefix || part.term.length >= MAX_TERM ? term : `${term}(?![a-z0-9\u0080-\uffff])`;
    });
  return parts.length ? new RegExp(`(?<![a-z0-9\u0080-\uffff])(?:${parts.join('|')})`) : undefined;
}

/** Offset in `text` of the first term that matches the query, or -1. */
export function firstMatch(text: string, query: QueryTerm[]): number {
  return matcher(query)(text);
}
