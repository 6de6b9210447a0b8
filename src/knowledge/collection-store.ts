import { deleteVectors } from './vector-store';
import { knowledgeDb, type CollectionRow, type ItemRow, type Space } from './knowledge-db';
import { embeddingModelKey, type EmbeddingTarget } from './embed-client';

/**
 * Collections (issue 19): the user's named sets of documents and saved pages, each embedded with
 * the model chosen when it was made. This module owns their rows in the knowledge database
 * (collections, items, chunks, files; the vectors through vector-store.ts) and is the one way
 * pages create, rename, list and delete them.
 */

export const NAME_MAX = 80;

/** The vector space of a collection. */
export const spaceOf = (collectionId: string): Space => `collection:${collectionId}`;
/** The indexing job of a collection (jobs store). */
export const jobIdOf = (collectionId: string): string => `collection:${collectionId}`;

export type NameProblem = 'empty' | 'too-long' | 'taken';

/** A collection's name as stored: trimmed, spaces joined; "@name" in the composer finds it (case-insensitive). */
export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().replace(/^@+/, '');
}

async function nameProblem(name: string, except?: string): Promise<NameProblem | undefined> {
  if (!name) return 'empty';
  if (name.length > NAME_MAX) return 'too-long';
  const lower = name.toLowerCase();
  const clash = await knowledgeDb()
    .collections.filter((row) => row.id !== except && row.name.toLowerCase() === lower)
    .first();
  return clash ? 'taken' : undefined;
}

export type NameResult<T> = { ok: true; value: T } | { ok: false; problem: NameProblem };

export async function createCollection(name: string, target: EmbeddingTarget, now = Date.now()): Promise<NameResult<CollectionRow>> {
  const clean = cleanName(name);
  const problem = await nameProblem(clean);
  if (problem) return { ok: false, problem };
  const row: CollectionRow = { id: crypto.randomUUID(), name: clean, createdAt: now, model: embeddingModelKey(target), target: { keyId: target.keyId, model: target.model } };
  await knowledgeDb().collections.add(row);
  return { ok: true, value: row };
}

export async function renameCollection(id: string, name: string): Promise<NameResult<string>> {
  const clean = cleanName(name);
  const problem = await nameProblem(clean, id);
  if (problem) return { ok: false, problem };
  await knowledgeDb().collections.update(id, { name: clean });
  return { ok: true, value: clean };
}

export async function listCollections(): Promise<CollectionRow[]> {
  const rows = await knowledgeDb().collections.toArray();
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

export const getCollection = (id: string): Promise<CollectionRow | undefined> => knowledgeDb().collections.get(id);

/** A collection's items, newest first. */
export async function listItems(collectionId: string): Promise<ItemRow[]> {
  const rows = await knowledgeDb().items.where('collectionId').equals(collectionId).toArray();
  return rows.sort((a, b) => b.addedAt - a.addedAt);
}

/** Deletes an item: its chunks, its file and its vectors. */
export async function deleteItem(itemId: string): Promise<void> {
  const db = knowledgeDb();
  const item = await db.items.get(itemId);
  if (!item) return;
  const chunkIds = (await db.chunks.where('itemId').equals(itemId).primaryKeys()) as string[];
  // Vectors first: a chunk id without its chunk row would be a search hit with nothing to show.
  await deleteVectors(spaceOf(item.collectionId), chunkIds);
  await db.transaction('rw', [db.items, db.chunks, db.files], async () => {
    await db.chunks.bulkDelete(chunkIds);
    await db.files.delete(itemId);
    await db.items.delete(itemId);
  });
}

/** Deletes a collection with everything in it: items, chunks, files, its indexing job and its vectors. */
export async function deleteCollection(id: string): Promise<void> {
  const db = knowledgeDb();
  await deleteVectors(spaceOf(id));
  await db.transaction('rw', [db.collections, db.items, db.chunks, db.files, db.jobs], async () => {
    const itemIds = (await db.items.where('collectionId').equals(id).primaryKeys()) as string[];
    await db.chunks.where('collectionId').equals(id).delete();
    await db.files.bulkDelete(itemIds);
    await db.items.bulkDelete(itemIds);
    await db.jobs.delete(jobIdOf(id));
    await db.collections.delete(id);
  });
}

/** The stored original of an item (the PDF, the text, the page's Markdown): what a citation opens. */
export async function itemFile(itemId: string): Promise<Blob | undefined> {
  return (await knowledgeDb().files.get(itemId))?.blob;
}
