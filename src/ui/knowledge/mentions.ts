import type { CollectionRow } from '@/src/knowledge/knowledge-db';

/** "@name" in the composer (issue 19): which collections a question's text names, and which an "@…" being typed may name. */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The collections "@name" names in a text (a name followed by the end, a space or punctuation). */
export function mentionedIn(text: string, collections: readonly CollectionRow[]): CollectionRow[] {
  // Longest names first: "@Work notes" is not also "@Work".
  const sorted = [...collections].sort((a, b) => b.name.length - a.name.length);
  let rest = text;
  const found: CollectionRow[] = [];
  for (const collection of sorted) {
    const pattern = new RegExp(`(^|\\s)@${escapeRegExp(collection.name)}(?=$|[\\s.,;:!?)])`, 'iu');
    if (pattern.test(rest)) {
      found.push(collection);
      rest = rest.replace(pattern, '$1');
    }
  }
  return found;
}

/** Collections whose names start with what follows the "@" being typed at the end of the text. */
export function mentionSuggestions(text: string, collections: readonly CollectionRow[]): { partial: string; matches: CollectionRow[] } | undefined {
  const match = /(?:^|\s)@([^@\n]{0,80})$/u.exec(text);
  if (!match) return undefined;
  const partial = (match[1] as string).toLowerCase();
  const matches = collections.filter((collection) => collection.name.toLowerCase().startsWith(partial) && collection.name.toLowerCase() !== partial);
  return matches.length ? { partial: match[1] as string, matches } : undefined;
}
