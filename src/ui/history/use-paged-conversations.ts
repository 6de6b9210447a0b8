import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary, HistoryStore } from '@/src/history';

export const PAGE_SIZE = 50;

export interface PagedConversations {
  /** How many conversations there are; undefined until counted. */
  count: number | undefined;
  /** The conversation at a position (newest first), once its page is loaded. */
  at(index: number): ConversationSummary | undefined;
  /** Whether the page holding a position is loaded: a loaded position without a conversation is a damaged row, skipped. */
  loaded(index: number): boolean;
  /** Loads the pages covering positions start..end (inclusive) that are not loaded yet. */
  ensure(start: number, end: number): void;
  /** Counts again and reloads the loaded pages (after a rename, delete or import); shown rows stay until replaced. */
  reload(): void;
  error: boolean;
}

/** The history, newest first, read a page at a time as the list needs it. */
export function usePagedConversations(store: HistoryStore): PagedConversations {
  const [count, setCount] = useState<number | undefined>();
  const [pages, setPages] = useState<ReadonlyMap<number, ConversationSummary[]>>(new Map());
  const [error, setError] = useState(false);
  const generation = useRef(0);
  /** Pages asked for in this generation. */
  const requested = useRef(new Set<number>());
  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const live = useRef(true);
  /** The generation each page and the count were read in: only when both are current does a gap mean a damaged row. */
  const pageGenerations = useRef(new Map<number, number>());
  const [countGeneration, setCountGeneration] = useState(-1);

  const load = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const gen = generation.current;
      store.listConversations({ limit: PAGE_SIZE, offset: page * PAGE_SIZE }).then(
        (list) => {
          if (!live.current || gen !== generation.current) return;
          pageGenerations.current.set(page, gen);
          setPages((current) => new Map(current).set(page, list));
        },
        () => {
          if (!live.current || gen !== generation.current) return;
          requested.current.delete(page);
          setError(true);
        },
      );
    },
    [store],
  );

  const recount = useCallback(() => {
    const gen = generation.current;
    store.countConversations().then(
      (total) => {
        if (!live.current || gen !== generation.current) return;
        setCount(total);
        setCountGeneration(gen);
      },
      () => live.current && setError(true),
    );
  }, [store]);

  useEffect(() => {
    live.current = true;
    recount();
    return () => {
      live.current = false;
    };
  }, [recount]);

  const reload = useCallback(() => {
    generation.current += 1;
    requested.current = new Set();
    setError(false);
    recount();
    for (const page of pagesRef.current.keys()) load(page);
  }, [load, recount]);

  const ensure = useCallback(
    (start: number, end: number) => {
      if (end < start) return;
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) load(page);
    },
    [load],
  );

  const at = useCallback((index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);

  const loaded = useCallback(
    (index: number) => countGeneration === generation.current && pageGenerations.current.get(Math.floor(index / PAGE_SIZE)) === generation.current,
    // `pages` changes whenever a page arrives (its generation is recorded just before).
    [pages, countGeneration],
  );

  return { count, at, loaded, ensure, reload, error };
}
