import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import type { Space } from './knowledge-db';
import type { SearchResult, SearchStats, SearchWorkerReply, SearchWorkerRequest } from './search-protocol';

export type { SearchResult, SearchStats } from './search-protocol';

/** What the client needs of a Worker (a fake in unit tests, which have no Worker). */
export interface SearchWorkerLike {
  postMessage(message: SearchWorkerRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<SearchWorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/**
 * Vite bundles the worker from this `new URL(…, import.meta.url)` into a file of the extension
 * (assets/search-worker-*.js), loaded from the extension's origin: the pages' CSP allows it
 * (`worker-src 'self'`, wxt.config.ts), in Chrome and in Firefox, and nothing is fetched. Its name
 * tells it its shard (search-worker-main.ts).
 */
function startWorker(shard: number, shards: number): SearchWorkerLike {
  return new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module', name: `keyward-search-${shard}-of-${shards}` }) as unknown as SearchWorkerLike;
}

/**
 * How many workers share a search: each holds and scans its slice of every space, in parallel
 * (a scan is bound by the CPU: two workers on two free cores halve it). One per core (the page's
 * own thread only waits meanwhile), at most 4: beyond, the fixed costs (messages, the merge) and
 * a thread per worker outweigh a scan already a quarter as long.
 */
export function defaultShards(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(4, cores));
}

let makeWorker: (shard: number, shards: number) => SearchWorkerLike = startWorker;
let shardCount = defaultShards;
let workers: SearchWorkerLike[] | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve(reply: SearchWorkerReply): void; reject(error: unknown): void }>();

const failed = () => new AppError('INTERNAL', phrase('error_knowledgeSearchFailed'));

function connect(): SearchWorkerLike[] {
  if (workers) return workers;
  const shards = shardCount();
  const started = Array.from({ length: shards }, (_, shard) => makeWorker(shard, shards));
  for (const worker of started) {
    worker.onmessage = (event) => {
      const reply = event.data;
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      pending.resolve(reply);
    };
    worker.onerror = () => {
      // A worker died (or failed to load): every pending search fails, the next one starts new workers.
      if (workers === started) workers = undefined;
      for (const each of started) each.terminate();
      for (const pending of waiting.values()) pending.reject(failed());
      waiting.clear();
    };
  }
  workers = started;
  return started;
}

/** Sends one request to every shard (each its own id, its own copy of the query); their replies in shard order. */
function askAll(make: (id: number) => { request: SearchWorkerRequest; transfer: Transferable[] }): Promise<SearchWorkerReply[]> {
  const pool = connect();
  return Promise.all(
    pool.map(
      (worker) =>
        new Promise<SearchWorkerReply>((resolve, reject) => {
          const { request, transfer } = make(nextId++);
          waiting.set(request.id, { resolve, reject });
          worker.postMessage(request, transfer);
        }),
    ),
  );
}

/**
 * The `k` vectors of `model` most similar to `query` across `spaces`, best first, with their
 * cosine similarity. The scan runs in dedicated workers (search-worker.ts), never on the page's
 * main thread: each reads its slice of a space once and keeps it packed in memory; the page
 * merges their top k.
 */
export async function searchVectors(spaces: readonly Space[], model: string, query: Float32Array, k: number): Promise<SearchResult[]> {
  if (!spaces.length || k <= 0) return [];
  const replies = await askAll((id) => {
    const copy = query.slice();
    return { request: { type: 'search', id, spaces: [...spaces], model, query: copy, k }, transfer: [copy.buffer] };
  });
  const merged = new Map<string, SearchResult>();
  for (const reply of replies) {
    if (!reply.ok || !('results' in reply)) throw failed();
    // A row written while the shards read their slices may be in two of them: once is enough.
    for (const result of reply.results) merged.set(`${result.space}|${result.sourceId}`, result);
  }
  return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, k);
}

/** The memory held by the workers' loaded indexes (for the benchmark and diagnostics), summed over the shards. */
export async function searchStats(): Promise<SearchStats> {
  const replies = await askAll((id) => ({ request: { type: 'stats', id }, transfer: [] }));
  const indexes: SearchStats['indexes'] = [];
  for (const reply of replies) {
    if (!reply.ok || !('stats' in reply)) throw failed();
    indexes.push(...reply.stats.indexes);
  }
  return { indexes, bytes: indexes.reduce((sum, entry) => sum + entry.bytes, 0) };
}

/**
 * Tests and the benchmark: run searches on `factory`'s workers (unit tests have no Worker), `shards`
 * of them; `undefined` restores the real ones.
 */
export function useSearchWorker(factory: ((shard: number, shards: number) => SearchWorkerLike) | undefined, shards?: number): void {
  for (const worker of workers ?? []) worker.terminate();
  workers = undefined;
  makeWorker = factory ?? startWorker;
  shardCount = shards === undefined ? (factory ? () => 1 : defaultShards) : () => shards;
}
