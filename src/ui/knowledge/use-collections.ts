import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { listCollections, listItems } from '@/src/knowledge/collection-store';
import { knowledgeDb, type CollectionRow, type ItemRow, type JobRow } from '@/src/knowledge/knowledge-db';
import { jobIdOf } from '@/src/knowledge/collection-store';

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

/** Calls `listener` with the collections now and after every change (for pages that load this module later). */
export function watchCollections(listener: (rows: CollectionRow[]) => void): () => void {
  const subscription = liveQuery(() => listCollections()).subscribe({ next: listener, error: () => listener([]) });
  return () => subscription.unsubscribe();
}

/** A collection's indexing job (collection-index.ts writes it after each batch), kept up to date. */
export function useJob(collectionId: string): JobRow | undefined {
  const [row, setRow] = useState<JobRow | undefined>();
  useEffect(() => {
    const subscription = liveQuery(() => knowledgeDb().jobs.get(jobIdOf(collectionId))).subscribe({ next: setRow, error: () => setRow(undefined) });
    return () => subscription.unsubscribe();
  }, [collectionId]);
  return row;
}
