import { afterEach, beforeEach, expect, test } from 'vitest';
import { KnowledgeDatabase, useKnowledgeDatabase } from '@/src/knowledge/knowledge-db';
import { putVectors } from '@/src/knowledge/vector-store';
import { searchStats, searchVectors, useSearchWorker, type SearchWorkerLike } from '@/src/knowledge/search-client';
import { shardOf, startSearchWorker, type WorkerScope } from '@/src/knowledge/search-worker-main';
import type { SearchWorkerReply, SearchWorkerRequest } from '@/src/knowledge/search-protocol';
import { seededVector, settle } from './helpers';

/**
 * The worker's own code (search-worker-main.ts: raw IndexedDB, its shard's slice of the key range)
 * run in this thread behind a fake worker scope named as search-client names its workers.
 */
function realWorkers(): void {
  useSearchWorker((shard, shards) => {
    const scope: WorkerScope & { name: string } = { name: `keyward-search-${shard}-of-${shards}`, onmessage: null, postMessage: (reply) => worker.onmessage?.({ data: structuredClone(reply) } as MessageEvent<SearchWorkerReply>) };
    const worker: SearchWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: (request: SearchWorkerRequest) => scope.onmessage?.({ data: structuredClone(request) } as MessageEvent<SearchWorkerRequest>),
      terminate() {},
    };
    startSearchWorker(scope);
    return worker;
  }, shardsNow);
}

let shardsNow = 1;
let db: KnowledgeDatabase;
beforeEach(async () => {
  // The worker opens the real database name (KNOWLEDGE_SCHEMA): the pages' side uses it too here.
  db = new KnowledgeDatabase();
  await db.vectors.clear();
  useKnowledgeDatabase(db);
});
afterEach(() => useSearchWorker(undefined));

test('the shards read disjoint slices that cover the space once; their merged top k is the one worker’s', async () => {
  const dims = 32;
  await putVectors(
    'history',
    'm',
    Array.from({ length: 1001 }, (_, index) => ({ sourceId: `s${index}`, vector: seededVector(index + 1, dims) })),
  );
  await putVectors('history', 'other', [{ sourceId: 'x', vector: seededVector(5, dims) }]);
  await settle();
  const query = seededVector(424242, dims);
  shardsNow = 1;
  realWorkers();
  const single = await searchVectors(['history'], 'm', query, 10);
  shardsNow = 3;
  realWorkers();
  const sharded = await searchVectors(['history'], 'm', query, 10);
  expect(sharded).toEqual(single);
  const stats = await searchStats();
  expect(stats.indexes.map((index) => index.count)).toEqual([333, 334, 334]);
  expect(stats.indexes.every((index) => index.key === 'history|m')).toBe(true);
  // More shards than vectors: the empty ones answer nothing, the search still works.
  shardsNow = 4;
  realWorkers();
  await db.vectors.clear();
  await putVectors('collection:c', 'm', [{ sourceId: 'only', vector: seededVector(1, dims) }, { sourceId: 'two', vector: seededVector(2, dims) }]);
  expect((await searchVectors(['collection:c'], 'm', seededVector(1, dims), 5)).map((hit) => hit.sourceId)[0]).toBe('only');
  expect((await searchStats()).indexes.map((index) => index.count).sort()).toEqual([0, 0, 1, 1]);
});

test('a worker named otherwise holds the whole space', () => {
  expect(shardOf('keyward-search-2-of-3')).toEqual({ shard: 2, shards: 3 });
  expect(shardOf(undefined)).toEqual({ shard: 0, shards: 1 });
  expect(shardOf('keyward-search-3-of-3')).toEqual({ shard: 0, shards: 1 });
});
