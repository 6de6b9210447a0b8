import type { ConversationSummary, HistoryStore } from '@/src/history';
import type { EmbeddingTargetRow } from '@/src/knowledge/knowledge-db';
import { embedTexts } from '@/src/knowledge/embed-client';
import { searchHistoryWithMeaning } from '@/src/knowledge/search-history';

/** The last query's vector: a search typed again (or refreshed after an edit) is not embedded (paid) twice. */
let last: { model: string; query: string; vector: Float32Array } | undefined;

/** The history search fused with the nearest conversations by meaning (src/knowledge/search-history.ts). */
export async function searchByMeaning(
  store: HistoryStore,
  query: string,
  meaning: { target: EmbeddingTargetRow; model: string },
  limit: number,
): Promise<{ conversation: ConversationSummary; snippet: string }[]> {
  let vector = last && last.model === meaning.model && last.query === query ? last.vector : undefined;
  if (!vector) {
    const { vectors } = await embedTexts(meaning.target, [query], 'query');
    vector = vectors[0];
    if (!vector) return store.search(query, { limit });
    last = { model: meaning.model, query, vector };
  }
  return searchHistoryWithMeaning(store, query, { model: meaning.model, vector }, limit);
}
