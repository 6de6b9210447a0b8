export const DEFAULT_TITLE = 'New conversation';
const TITLE_CHARS = 60;
const PREVIEW_CHARS = 120;

/** One line of text: runs of white space become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** At most `max` characters, cut at a word boundary when one is near, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  let cut = line.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/u.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** Markup at the start of a line: a heading, quote, list item (with its task box) or table edge. */
const LINE_MARKUP = /^\s{0,3}(?:#{1,6}\s+|(?:>\s?)+|(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)/u;
/** A line that is only markup: a code fence, a rule, a table's alignment row. */
const MARKUP_ONLY = /^\s*(?:(?:```|~~~).*|(?:[-*_]\s*){3,}|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*\|?)$/u;

/**
 * Markdown as the words a reader sees: fences, rules, heading and list marks, emphasis, code
 * ticks and link targets dropped; the text inside kept. Angle brackets stay (a question about
 * `<div>` keeps its tag). Good enough for a one-line preview, not a renderer.
 */
export function plainText(markdown: string): string {
  const lines = markdown.split(/\r?\n/u).flatMap((line) => {
    if (MARKUP_ONLY.test(line)) return [];
    const text = line.replace(LINE_MARKUP, '');
    return [/^\s*\|.*\|\s*$/u.test(text) ? text.trim().slice(1, -1).split('|').map((cell) => cell.trim()).join(' · ') : text];
  });
  return lines
    .join('\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])/gu, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/gu, '$1')
    .replace(/(`+)([^`]+?)\1/gu, '$2')
    .replace(/(\*{1,3}|~~)(?=\S)([^*~]+?)(?<=\S)\1/gu, '$2')
    .replace(/(^|[^\p{L}\p{N}_])(_{1,3})(?=\S)([^_]+?)(?<=\S)\2(?![\p{L}\p{N}_])/gu, '$1$3')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/gu, '$1');
}

export function titleFrom(text: string): string {
  return clip(text, TITLE_CHARS) || DEFAULT_TITLE;
}

/** A conversation's last message as one line of plain text. */
export function previewFrom(text: string): string {
  return clip(plainText(text), PREVIEW_CHARS);
}
