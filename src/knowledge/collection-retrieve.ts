import { KNOWLEDGE_LIMITS, type KnowledgeContext, type KnowledgeSource } from './collection-context';
import { spaceOf } from './collection-store';
import { embedTexts } from './embed-client';
import { knowledgeDb, type CollectionRow } from './knowledge-db';
import { searchVectors } from './search-client';

/**
 * Retrieval for a question with collections attached (issue 19): the question is embedded with
 * each collection's model (once per model), the search worker finds the nearest chunks
 * (search-client.ts, off the main thread), and the best of them, numbered, become the question's
 * KnowledgeContext: sent with it as a page's text is, and what the answer's citations point at.
 */

export interface RetrieveOptions {
  /** Excerpts to send (at most KNOWLEDGE_LIMITS.sources). */
  k?: number;
  signal?: AbortSignal;
  embed?: typeof embedTexts;
  search?: typeof searchVectors;
}

export const DEFAULT_SOURCES = 6;

export async function retrieve(collections: readonly Pick<CollectionRow, 'id' | 'name' | 'model' | 'target'>[], question: string, options: RetrieveOptions = {}): Promise<KnowledgeContext> {
  const embed = options.embed ?? embedTexts;
  const search = options.search ?? searchVectors;
  const k = Math.min(options.k ?? DEFAULT_SOURCES, KNOWLEDGE_LIMITS.sources);
  const attached = collections.slice(0, KNOWLEDGE_LIMITS.collections);
  // One embedding of the question per model: collections made with the same model are searched together.
  const byModel = new Map<string, typeof attached>();
  for (const collection of attached) byModel.set(collection.model, [...(byModel.get(collection.model) ?? []), collection]);
  const hits: { sourceId: string; score: number }[] = [];
  for (const [model, group] of byModel) {
    const first = group[0] as (typeof attached)[number];
    const { vectors } = await embed(first.target, [question.slice(0, 32_000) || ' '], 'query', options.signal ? { signal: options.signal } : undefined);
    const query = vectors[0];
    if (!query) continue;
    hits.push(...(await search(group.map((collection) => spaceOf(collection.id)), model, query, k)));
  }
  hits.sort((a, b) => b.score - a.score);
  const db = knowledgeDb();
  const best = hits.slice(0, k);
  const chunks = await db.chunks.bulkGet(best.map((hit) => hit.sourceId));
  const items = await db.items.bulkGet([...new Set(chunks.flatMap((chunk) => (chunk ? [chunk.itemId] : [])))]);
  const itemById = new Map(items.flatMap((item) => (item ? [[item.id, item] as const] : [])));
  const sources: KnowledgeSource[] = [];
  for (const chunk of chunks) {
    // A hit whose chunk or item was deleted meanwhile is skipped, not an error.
    const item = chunk && itemById.get(chunk.itemId);
    if (!chunk || !item) continue;
    const source: KnowledgeSource = {
      n: sources.length + 1,
      collectionId: chunk.collectionId,
      itemId: item.id,
      chunkId: chunk.id,
      kind: item.kind,
      title: item.title.slice(0, 1000),
      headingPath: chunk.headingPath.slice(-6).map((heading) => heading.slice(0, 1000)),
      text: chunk.text.slice(0, KNOWLEDGE_LIMITS.sourceChars),
    };
    if (item.url) source.url = item.url.slice(0, 4096);
    if (chunk.page !== undefined) source.page = chunk.page;
    sources.push(source);
  }
  return { collections: attached.map((collection) => ({ id: collection.id, name: collection.name.slice(0, 200) })), sources };
}
