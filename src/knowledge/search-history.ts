import type { ConversationSummary, HistoryStore } from '@/src/history';
import { snippetAround } from '@/src/history/snippet';
import { searchVectors } from './search-client';
import { fuseRankings } from './search-fusion';
import { conversationOf } from './history-index-vectors';

/**
 * Below this cosine a vector hit is not shown: with any embedding model, unrelated texts still
 * score above zero, and fusion would otherwise list the whole history for a query that matches
 * nothing. 0.3 keeps paraphrases (0.5–0.8 with the usual models) and drops noise.
 */
export const MIN_SIMILARITY = 0.3;

export interface MeaningHit {
  conversationId: string;
  /** The best piece's similarity. */
  score: number;
  /** That piece's message id and piece number (for its snippet). */
  messageId: string;
}

/**
 * Conversations whose messages are nearest to `query` (one entry per conversation, its best
 * piece), best first: the vector search asks for more pieces than conversations wanted, since
 * several pieces of one conversation are often near each other.
 */
export async function nearestConversations(model: string, query: Float32Array, limit: number): Promise<MeaningHit[]> {
  const hits = await searchVectors(['history'], model, query, limit * 4);
  const best = new Map<string, MeaningHit>();
  for (const hit of hits) {
    if (hit.score < MIN_SIMILARITY) continue;
    const conversationId = conversationOf(hit.sourceId);
    if (best.has(conversationId)) continue;
    const messageId = hit.sourceId.slice(hit.sourceId.indexOf('/') + 1, hit.sourceId.lastIndexOf('#'));
    best.set(conversationId, { conversationId, score: hit.score, messageId });
  }
  return [...best.values()].slice(0, limit);
}

export interface FusedResult {
  conversation: ConversationSummary;
  snippet: string;
  /** Where it was found: by its words, by meaning, or both. */
  by: 'terms' | 'meaning' | 'both';
}

/**
 * The history search with meaning: the term index's results (every word must match, newest
 * first) and the conversations nearest by meaning, fused by reciprocal rank (search-fusion.ts).
 * A conversation found only by meaning shows the text of its nearest message as its snippet.
 * A hit whose conversation is gone (deleted while a batch was under way) is left out.
 */
export async function searchHistoryWithMeaning(
  store: HistoryStore,
  query: string,
  meaning: { model: string; vector: Float32Array },
  limit: number,
): Promise<FusedResult[]> {
  const [terms, near] = await Promise.all([store.search(query, { limit }), nearestConversations(meaning.model, meaning.vector, limit)]);
  const byTerms = new Map(terms.map((result) => [result.conversation.id, result]));
  const byMeaning = new Map(near.map((hit) => [hit.conversationId, hit]));
  const fused = fuseRankings([terms.map((result) => result.conversation.id), near.map((hit) => hit.conversationId)]).slice(0, limit);
  const results = await Promise.all(
    fused.map(async ({ id }): Promise<FusedResult | undefined> => {
      const termHit = byTerms.get(id);
      if (termHit) return { ...termHit, by: byMeaning.has(id) ? 'both' : 'terms' };
      const hit = byMeaning.get(id)!;
      const loaded = await store.getConversation(id).catch(() => undefined);
      if (!loaded) return undefined;
      const { systemPrompt: _system, lastTargets: _targets, ...conversation } = loaded.conversation;
      const message = loaded.messages.find((candidate) => candidate.id === hit.messageId);
      return { conversation, snippet: message ? snippetAround(message.text, 0) : conversation.preview, by: 'meaning' };
    }),
  );
  return results.filter((result): result is FusedResult => result !== undefined);
}
