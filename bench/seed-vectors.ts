/**
 * Bundled by the knowledge benchmark (vite, IIFE) and evaluated in an extension page: writes
 * vectors with the product's vector store and times searches through the product's search client,
 * whose worker is the built extension's own (assets/search-worker-*.js).
 */
import { knowledgeDb } from '@/src/knowledge/knowledge-db';
import { toVectorRows } from '@/src/knowledge/vector-store';
import { defaultShards, searchStats, searchVectors, useSearchWorker, type SearchWorkerLike } from '@/src/knowledge/search-client';
import type { Space } from '@/src/knowledge/knowledge-db';

/** A unit vector from a seed (deterministic: every run searches the same data). */
function vector(seed: number, dims: number): Float32Array {
  let state = (seed * 2654435761 + 1) >>> 0;
  const out = new Float32Array(dims);
  for (let index = 0; index < dims; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[index] = state / 4294967296 - 0.5;
  }
  return out;
}

/** `count` vectors of `dims` into `space`, 5,000 per transaction; the milliseconds it took. */
export async function seedVectors(space: Space, model: string, count: number, dims: number): Promise<number> {
  const started = performance.now();
  const db = knowledgeDb();
  for (let start = 0; start < count; start += 5000) {
    const records = Array.from({ length: Math.min(5000, count - start) }, (_, index) => ({ sourceId: `chunk-${start + index}`, vector: vector(start + index + 1, dims) }));
    await db.vectors.bulkPut(toVectorRows(space, model, records));
  }
  return performance.now() - started;
}

export interface SearchTimes {
  /** The first search: the worker starts, reads the space from IndexedDB and packs it, then scans. */
  firstMs: number;
  /** Later searches (memory only), each from the call to the resolved promise in the page. */
  warmMs: number[];
  /** How many workers shared the scan. */
  shards: number;
  /** Bytes of the packed index in the workers. */
  indexBytes: number;
  /** The database's use of the origin's storage, as the browser estimates it. */
  storageBytes: number;
  /** The longest main-thread task during the warm searches (0 when none over 50 ms). */
  longestTaskMs: number;
}

export async function timeSearches(workerUrl: string, space: Space, model: string, dims: number, runs: number): Promise<SearchTimes> {
  // The built worker, as many of them as the product starts here, named as it names them.
  const shards = defaultShards();
  useSearchWorker((shard, count) => new Worker(workerUrl, { type: 'module', name: `keyward-search-${shard}-of-${count}` }) as unknown as SearchWorkerLike, shards);
  let started = performance.now();
  const first = await searchVectors([space], model, vector(999_001, dims), 10);
  const firstMs = performance.now() - started;
  if (first.length !== 10) throw new Error(`expected 10 results, got ${first.length}`);
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration)));
  observer.observe({ type: 'longtask' });
  const warmMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const query = vector(999_100 + run, dims);
    started = performance.now();
    await searchVectors([space], model, query, 10);
    warmMs.push(performance.now() - started);
  }
  observer.disconnect();
  const stats = await searchStats();
  const estimate = await navigator.storage.estimate();
  return { shards, firstMs, warmMs, indexBytes: stats.bytes, storageBytes: estimate.usage ?? 0, longestTaskMs: tasks.length ? Math.max(...tasks) : 0 };
}
