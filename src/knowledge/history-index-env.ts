import { HistoryDatabase } from '@/src/history/history-db';
import { embedTexts, embeddingModelKey } from './embed-client';
import type { HistoryIndexEnv } from './history-index';

let history: HistoryDatabase | undefined;

/**
 * The indexing environment of a page or of the hidden page (background-indexer.ts): the history
 * database, and embeddings through the worker (embed-client).
 */
export function historyIndexEnv(): Promise<HistoryIndexEnv> {
  history ??= new HistoryDatabase();
  return Promise.resolve({ history, embed: embedTexts, modelKey: embeddingModelKey });
}
