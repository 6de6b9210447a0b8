/**
 * Runs in Chromium (bundled by chromium-bench.ts): builds a synthetic history through the real
 * store and IndexedDB, then times what the issue asks about.
 */
import { HistoryDatabase } from '@/src/history/history-db';
import { EXPORT_FORMAT, openHistory } from '@/src/history';
import { syntheticHistory } from './synthetic';
import { benchQueries } from './bench-queries';

export interface BenchOptions {
  conversations: number;
  messages: number;
  chunk: number;
  /** Keep the history under a fixed name and reuse it when it is already there. */
  reuse: boolean;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number): number => Math.round(value * 10) / 10;

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

export async function runBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const name = options.reuse ? `bench-${options.conversations}x${options.messages}` : `bench-${Date.now()}`;
  const db = new HistoryDatabase(name);
  const history = openHistory(db);
  const reused = options.reuse && (await db.conversations.count()) === options.conversations;
  const batch: unknown[] = [];
  let importMs = 0;
  let textChars = 0;
  const flush = async () => {
    const content = JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: Date.now(), conversations: batch });
    batch.length = 0;
    importMs += (await time(() => history.importJson(content)))[0];
  };
  if (!reused) {
    for (const { conversation, messages } of syntheticHistory({ conversations: options.conversations, messagesPerConversation: options.messages })) {
      for (const message of messages) textChars += message.text.length;
      batch.push({ ...conversation, messages });
      if (batch.length >= options.chunk) await flush();
    }
    if (batch.length) await flush();
  }

  const postings = await db.postings.count();
  const estimate = await navigator.storage.estimate();
  const [firstScanMs] = await time(() => history.reindexStale());

  // A new page opening the history: a fresh connection, nothing cached.
  db.close();
  const reopened = openHistory(new HistoryDatabase(name));
  const queries = benchQueries();
  const [coldMs] = await time(() => reopened.search(queries[1] ?? 'x'));
  const latencies: number[] = [];
  const hits: number[] = [];
  for (const query of queries) {
    const [ms, results] = await time(() => reopened.search(query));
    latencies.push(ms);
    hits.push(results.length);
  }
  const [listMs] = await time(() => reopened.listConversations({ limit: 50 }));
  const [staleNoopMs] = await time(() => reopened.reindexStale());
  const newest = await reopened.lastConversation();
  const [getMs] = await time(() => reopened.getConversation(newest?.id ?? ''));
  const [addMs] = await time(() => reopened.addUserMessage(newest?.id ?? '', { text: 'one more question about volcanoes and lava' }));
  const [touchMs] = await time(() => reopened.touch(newest?.id ?? ''));
  const [exportOneMs] = await time(() => reopened.exportJson(newest?.id));
  return {
    reused,
    conversations: options.conversations,
    messages: options.conversations * options.messages,
    textMB: round(textChars / 1e6),
    importAndIndexMs: Math.round(importMs),
    postingRows: postings,
    storageMB: round((estimate.usage ?? 0) / 1e6),
    firstStaleScanMs: Math.round(firstScanMs),
    coldSearchMs: round(coldMs),
    searchMedianMs: round(median(latencies)),
    searchMaxMs: round(Math.max(...latencies)),
    latencies: latencies.map(round),
    hits,
    listConversations50Ms: round(listMs),
    staleScanNothingNewMs: round(staleNoopMs),
    getConversationMs: round(getMs),
    addUserMessageMs: round(addMs),
    touchMs: round(touchMs),
    exportOneJsonMs: round(exportOneMs),
  };
}

Object.assign(globalThis, { runBench });
