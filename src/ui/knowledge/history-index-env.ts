import { HistoryDatabase } from '@/src/history/history-db';
import { embedTexts, embeddingModelKey } from '@/src/knowledge/embed-client';
import type { HistoryIndexEnv } from '@/src/knowledge/history-index';
import { ensureHistoryIndexer, indexNewMessages } from '@/src/knowledge/history-index-runner';

let history: HistoryDatabase | undefined;

/** The page's indexing environment: the history database, and embeddings through the worker (embed-client). */
export function historyIndexEnv(): Promise<HistoryIndexEnv> {
  history ??= new HistoryDatabase();
  return Promise.resolve({ history, embed: embedTexts, modelKey: embeddingModelKey });
}

/** Runs the history job in this page when it is running and no other page runs it (history-index-runner.ts). */
export function runHistoryIndexHere(): void {
  void ensureHistoryIndexer(historyIndexEnv);
}

/** After a question was saved or an answer finished: the job indexes the new messages (when the user turned it on). */
export function historyChanged(): void {
  void indexNewMessages(historyIndexEnv).catch(() => undefined);
}
