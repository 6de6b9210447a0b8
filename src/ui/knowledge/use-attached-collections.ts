import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CollectionRow } from '@/src/knowledge/knowledge-db';
import { mentionedIn } from './mentions';

/** Collections a question may attach in any chat: at most this many (collection-context.ts's KNOWLEDGE_LIMITS.collections). */
const MAX_ATTACHED = 5;

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
  const [collections, setCollections] = useState<CollectionRow[] | undefined>();
  // The database code loads after the first paint (the popup's budget: scripts/check-sizes.mjs).
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    void import('./use-collections').then(({ watchCollections }) => {
      if (live) stop = watchCollections(setCollections);
    });
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  const [ids, setIds] = useState<string[]>([]);
  const attached = useMemo(() => ids.flatMap((id) => collections?.filter((collection) => collection.id === id) ?? []), [ids, collections]);
  const attach = useCallback((id: string) => setIds((current) => (current.includes(id) || current.length >= MAX_ATTACHED ? current : [...current, id])), []);
  const detach = useCallback((id: string) => setIds((current) => current.filter((each) => each !== id)), []);
  const forQuestion = useCallback(
    (text: string) => {
      const all = [...attached];
      for (const named of mentionedIn(text, collections ?? [])) if (!all.some((each) => each.id === named.id)) all.push(named);
      return all.slice(0, MAX_ATTACHED);
    },
    [attached, collections],
  );
  return { collections, attached, attach, detach, forQuestion };
}
