import { AppError, isQuotaError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import { embeddingInput, type ChunkDraft } from './chunk';
import type { ItemKind } from './collection-context';
import { jobIdOf, spaceOf } from './collection-store';
import { embedTexts } from './embed-client';
import { knowledgeDb, type ChunkRow, type ItemRow } from './knowledge-db';
import { countVectors, hasVectors, putVectors } from './vector-store';
import { withLock } from '@/src/platform/locks';
import { itemIndexLock } from './index-locks';

/**
 * Adding an item to a collection and embedding it (issue 19). The item, its original file and its
 * chunks are written in one transaction (all or nothing: a full disk leaves the collection as it
 * was). Embedding then goes in batches, each batch's vectors stored before the next is asked for;
 * a run that stops (a provider failing halfway, a full disk, the page closed) resumes with the
 * chunks that have no vector yet (`hasVectors`), so nothing is embedded, paid or counted twice.
 * What was stored stays searchable meanwhile.
 */

/** An item read in the page (collection-ingest.ts), ready to store. */
export interface ItemSource {
  kind: ItemKind;
  title: string;
  url?: string;
  fileName?: string;
  /** The original (the PDF, the text file, the page's Markdown): a citation opens it. */
  blob: Blob;
  chunks: ChunkDraft[];
}

/** Chunks embedded per request: a progress step, and what a failure can lose (the batch in flight). */
export const EMBED_BATCH = 32;

export const chunkIdOf = (itemId: string, seq: number): string => `${itemId}:${seq}`;

/** Stores the item with its file and chunks (status `indexing`). Throws AppError STORAGE_FULL when the disk is full. */
export async function addItem(collectionId: string, source: ItemSource, now = Date.now()): Promise<ItemRow> {
  const db = knowledgeDb();
  const id = crypto.randomUUID();
  const item: ItemRow = { id, collectionId, kind: source.kind, title: source.title, addedAt: now, bytes: source.blob.size, chunkCount: source.chunks.length, status: 'indexing' };
  if (source.url) item.url = source.url;
  if (source.fileName) item.fileName = source.fileName;
  const chunks: ChunkRow[] = source.chunks.map((chunk, seq) => {
    const row: ChunkRow = { id: chunkIdOf(id, seq), itemId: id, collectionId, seq, text: chunk.text, headingPath: chunk.headingPath, start: chunk.start, end: chunk.end };
    if (chunk.page !== undefined) row.page = chunk.page;
    return row;
  });
  try {
    await db.transaction('rw', [db.collections, db.items, db.chunks, db.files], async () => {
      if (!(await db.collections.get(collectionId))) throw new AppError('NOT_FOUND', phrase('knowledge_collectionGone'));
      await db.items.add(item);
      await db.files.add({ itemId: id, blob: source.blob });
      await db.chunks.bulkAdd(chunks);
    });
  } catch (caught) {
    if (isQuotaError(caught)) throw new AppError('STORAGE_FULL', phrase('knowledge_diskFull'));
    throw caught;
  }
  return item;
}

export interface IndexProgress {
  itemId: string;
  /** Chunks of the item with a stored vector. */
  done: number;
  total: number;
}

export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** Tests replace the embedding call; pages use embed-client's. */
  embed?: typeof embedTexts;
  batch?: number;
}

/** A running job not written for this long is taken as stopped (its page was closed). */
export const JOB_STALE_MS = 30_000;

export type IndexOutcome = { ok: true; item: ItemRow } | { ok: false; item: ItemRow | undefined; code: string };

/** Updates the collection's job row (the jobs store): what the collection has embedded of all its chunks. */
async function writeJob(collectionId: string, model: string, state: 'running' | 'done' | 'failed', error?: string): Promise<void> {
  const db = knowledgeDb();
  const [total, done] = await Promise.all([db.chunks.where('collectionId').equals(collectionId).count(), countVectors(spaceOf(collectionId), model)]);
  await db.jobs.put({ id: jobIdOf(collectionId), model, state, done, total, updatedAt: Date.now(), ...(error ? { error } : {}) });
}

/**
 * Embeds the item's chunks that have no vector yet, with its collection's model. Resolves with
 * the item as it ends: `ready`, or `failed` with an error code (the vectors stored so far stay).
 */
export async function indexItem(itemId: string, options: IndexOptions = {}): Promise<IndexOutcome> {
  const db = knowledgeDb();
  const embed = options.embed ?? embedTexts;
  const size = options.batch ?? EMBED_BATCH;
  const item = await db.items.get(itemId);
  const collection = item && (await db.collections.get(item.collectionId));
  if (!item || !collection) return { ok: false, item, code: 'NOT_FOUND' };
  const space = spaceOf(collection.id);
  const chunks = (await db.chunks.where('itemId').equals(itemId).toArray()).sort((a, b) => a.seq - b.seq);
  const stored = await hasVectors(space, collection.model, chunks.map((chunk) => chunk.id));
  const missing = chunks.filter((chunk) => !stored.has(chunk.id));
  let done = chunks.length - missing.length;
  const report = () => options.onProgress?.({ itemId, done, total: chunks.length });
  report();
  try {
    if (item.status !== 'indexing') await db.items.update(itemId, { status: 'indexing', error: undefined });
    await writeJob(collection.id, collection.model, 'running');
    for (let at = 0; at < missing.length; at += size) {
      options.signal?.throwIfAborted();
      const batch = missing.slice(at, at + size);
      const { vectors } = await embed(collection.target, batch.map((chunk) => embeddingInput(item.title, chunk)), 'collection', options.signal ? { signal: options.signal } : undefined);
      if (vectors.length !== batch.length) throw new AppError('PROVIDER_ERROR', phrase('knowledge_embedMismatch'));
      await putVectors(space, collection.model, batch.map((chunk, index) => ({ sourceId: chunk.id, vector: vectors[index] as Float32Array })));
      done += batch.length;
      report();
      // Other pages read the job to tell an item indexed elsewhere from one that stopped.
      await writeJob(collection.id, collection.model, 'running');
    }
    await db.items.update(itemId, { status: 'ready', error: undefined });
    await writeJob(collection.id, collection.model, 'done');
    return { ok: true, item: { ...item, status: 'ready' } };
  } catch (caught) {
    const code = isQuotaError(caught) ? 'STORAGE_FULL' : caught instanceof AppError ? caught.code : (caught as { name?: string } | null)?.name === 'AbortError' ? 'CANCELLED' : 'INTERNAL';
    // Recording the failure may itself meet the full disk: the item then reads as still indexing, and Resume works the same.
    await db.items.update(itemId, { status: 'failed', error: code }).catch(() => undefined);
    await writeJob(collection.id, collection.model, 'failed', code).catch(() => undefined);
    const failed: ItemRow = { ...item, status: 'failed', error: code };
    return { ok: false, item: failed, code };
  }
}

/**
 * `indexItem` under the item's Web Lock (index-locks.ts): a page and the hidden page
 * (background-indexer.ts) never embed one item at once; whoever comes second runs after the first
 * ends and finds only what is still missing. `onlyIfIndexing` (the hidden page) leaves an item
 * that is no longer `indexing` by then (finished, stopped or removed meanwhile) as it is.
 */
export function indexItemExclusive(itemId: string, options?: IndexOptions): Promise<IndexOutcome>;
export function indexItemExclusive(itemId: string, options: IndexOptions & { onlyIfIndexing: true }): Promise<IndexOutcome | undefined>;
export function indexItemExclusive(itemId: string, options: IndexOptions & { onlyIfIndexing?: true } = {}): Promise<IndexOutcome | undefined> {
  return withLock(itemIndexLock(itemId), async () => {
    if (options.onlyIfIndexing && (await knowledgeDb().items.get(itemId))?.status !== 'indexing') return undefined;
    return indexItem(itemId, options);
  });
}

/** Characters a run would embed for the item's chunks that have no vector yet (for the cost shown before indexing). */
export function charsToEmbed(title: string, chunks: readonly ChunkDraft[]): number {
  return chunks.reduce((sum, chunk) => sum + embeddingInput(title, chunk).length, 0);
}

/** How many of an item's chunks have their vector stored (what a stopped item shows). */
export async function storedCount(itemId: string): Promise<number> {
  const db = knowledgeDb();
  const item = await db.items.get(itemId);
  const collection = item && (await db.collections.get(item.collectionId));
  if (!item || !collection) return 0;
  const ids = (await db.chunks.where('itemId').equals(itemId).primaryKeys()) as string[];
  return (await hasVectors(spaceOf(collection.id), collection.model, ids)).size;
}
