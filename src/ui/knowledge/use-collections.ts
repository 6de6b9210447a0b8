import { liveQuery } from 'dexie';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { listCollections, listItems } from '@/src/knowledge/collection-store';
import type { CollectionRow, ItemRow } from '@/src/knowledge/knowledge-db';
import { KNOWLEDGE_LIMITS } from '@/src/knowledge/collection-context';

/** The user's collections, kept up to date across pages (Dexie live query); undefined while loading. */
export function useCollections(): CollectionRow[] | undefined {
  const [rows, setRows] = useState<CollectionRow[] | undefined>();
  useEffect(() => {
    const subscription = liveQuery(() => listCollections()).subscribe({ next: setRows, error: () => setRows([]) });
    return () => subscription.unsubscribe();
  }, []);
  return rows;
}

/** A collection's items, kept up to date. */
export function useItems(collectionId: string): ItemRow[] | undefined {
  const [rows, setRows] = useState<ItemRow[] | undefined>();
  useEffect(() => {
    const subscription = liveQuery(() => listItems(collectionId)).subscribe({ next: setRows, error: () => setRows([]) });
    return () => subscription.unsubscribe();
  }, [collectionId]);
  return rows;
}

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

export interface AttachedCollections {
  collections: CollectionRow[] | undefined;
  /** Attached with the picker or a picked suggestion (kept for the next questions until removed). */
  attached: CollectionRow[];
  attach(id: string): void;
  detach(id: string): void;
  /** What a question goes with: the attached ones and those its text names with @. */
  forQuestion(text: string): CollectionRow[];
}

export function useAttachedCollections(): AttachedCollections {
  const collections = useCollections();
  const [ids, setIds] = useState<string[]>([]);
  const attached = useMemo(() => ids.flatMap((id) => collections?.filter((collection) => collection.id === id) ?? []), [ids, collections]);
  const attach = useCallback((id: string) => setIds((current) => (current.includes(id) || current.length >= KNOWLEDGE_LIMITS.collections ? current : [...current, id])), []);
  const detach = useCallback((id: string) => setIds((current) => current.filter((each) => each !== id)), []);
  const forQuestion = useCallback(
    (text: string) => {
      const all = [...attached];
      for (const named of mentionedIn(text, collections ?? [])) if (!all.some((each) => each.id === named.id)) all.push(named);
      return all.slice(0, KNOWLEDGE_LIMITS.collections);
    },
    [attached, collections],
  );
  return { collections, attached, attach, detach, forQuestion };
}
