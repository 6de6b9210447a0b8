/**
 * Search terms. Text is folded (lower case, compatibility forms, accents off Latin and Greek
 * letters) and split into words of letters and digits. Han and kana have no spaces between
 * words, so their runs are indexed as overlapping pairs of characters instead.
 */

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
/**
 * Runs of ASCII letters and digits, or of anything beyond ASCII. Not a Unicode-aware pattern:
 * several times faster, and nearly all text is ASCII words; only runs with other characters
 * go through folding and the Unicode word pattern.
 */
const ROUGH = /[a-z0-9\u0080-\uffff]+/g;
export const NON_ASCII = /[\u0080-\uffff]/;
const NO_SPACE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SCRIPT_RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]+/gu;
const LATIN_GREEK_MARKS = /(?<=[\p{Script=Latin}\p{Script=Greek}])\p{Mn}+/gu;

/** Longer words are cut to this: long tokens (hashes, base64) would only bloat the index. */
export const MAX_TERM = 24;
export const MIN_TERM = 2;
/** Marks a prefix row: `*` is never part of a term, so "th*" cannot be mistaken for a word. */
export const PREFIX_MARK = '*';

/** A Han or kana term: a pair of characters (or a lone one), not a word. */
export const isPair = (term: string): boolean => NO_SPACE.test(term);

/** Folds lower-case text beyond ASCII: compatibility forms, accents off Latin and Greek letters, ß, final sigma. */
function foldWide(lower: string): string {
  return lower.normalize('NFKD').replace(LATIN_GREEK_MARKS, '').normalize('NFC').replace(/ς/gu, 'σ').replace(/ß/gu, 'ss');
}

export function fold(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? foldWide(lower) : lower;
}

function cut(word: string): string {
  if (word.length <= MAX_TERM) return word;
  const head = word.slice(0, MAX_TERM);
  return /[\uD800-\uDBFF]$/u.test(head) ? head.slice(0, -1) : head;
}

/** Called with each term and its offset in the text; returning true stops the scan. */
export type Visit = (term: string, at: number) => boolean | void;

function visitPairs(run: string, at: number, visit: Visit): boolean {
  const chars = Array.from(run);
  if (chars.length === 1) return visit(run, at) === true;
  let offset = at;
  for (let i = 0; i + 1 < chars.length; i++) {
    const first = chars[i] ?? '';
    if (visit(`${first}${chars[i + 1] ?? ''}`, offset) === true) return true;
    offset += first.length;
  }
  return false;
}

/** The terms of a run with characters beyond ASCII (offsets approximate where folding changed its length). */
export function visitWide(run: string, at: number, visit: Visit): boolean {
  const folded = foldWide(run);
  const exact = folded.length === run.length;
  for (const match of folded.matchAll(WORD)) {
    const word = match[0];
    const start = at + (exact ? match.index : 0);
    if (!NO_SPACE.test(word)) {
      if (word.length >= MIN_TERM && visit(cut(word), start) === true) return true;
      continue;
    }
    for (const part of word.matchAll(SCRIPT_RUNS)) {
      const partAt = start + (exact ? part.index : 0);
      if (NO_SPACE.test(part[0])) {
        if (visitPairs(part[0], partAt, visit)) return true;
      } else if (part[0].length >= MIN_TERM && visit(cut(part[0]), partAt) === true) return true;
    }
  }
  return false;
}

/** Visits the terms of a text in order. */
export function scanTerms(text: string, visit: Visit): void {
  for (const match of text.toLowerCase().matchAll(ROUGH)) {
    const run = match[0];
    if (NON_ASCII.test(run)) {
      if (visitWide(run, match.index, visit)) return;
    } else if (run.length >= MIN_TERM && visit(cut(run), match.index) === true) return;
  }
}

/** Adds the index terms of a text to `into`. */
export function collectTerms(text: string, into: Set<string>): Set<string> {
  scanTerms(text, (term) => void into.add(term));
  return into;
}

/**
 * The rows a set of terms is indexed under: each term, and the first 2 and 3 letters of each
 * (the first character of a Han or kana pair), so a short prefix is one lookup, not a scan of
 * every word that starts with it.
 */
export function indexKeys(termSet: Set<string>): Set<string> {
  const out = new Set(termSet);
  for (const term of termSet) {
    // ASCII (nearly every term): its letters are its code units.
    if (!NON_ASCII.test(term)) {
      out.add(`${term.slice(0, 2)}${PREFIX_MARK}`);
      if (term.length >= 3) out.add(`${term.slice(0, 3)}${PREFIX_MARK}`);
      continue;
    }
    const chars = Array.from(term);
    if (isPair(term)) {
      out.add(`${chars[0] ?? ''}${PREFIX_MARK}`);
      continue;
    }
    if (chars.length >= 2) out.add(`${chars.slice(0, 2).join('')}${PREFIX_MARK}`);
    if (chars.length >= 3) out.add(`${chars.slice(0, 3).join('')}${PREFIX_MARK}`);
  }
  return out;
}
