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
 * (`worker-src 'self'`, wxt.config.ts), in Chrome and in Firefox, and nothing is fetched.
 */
function startWorker(): SearchWorkerLike {
  return new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module', name: 'keyward-search' }) as unknown as SearchWorkerLike;
}

let makeWorker: () => SearchWorkerLike = startWorker;
let worker: SearchWorkerLike | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve(reply: SearchWorkerReply): void; reject(error: unknown): void }>();

const failed = () => new AppError('INTERNAL', phrase('error_knowledgeSearchFailed'));

function connect(): SearchWorkerLike {
  if (worker) return worker;
  const started = makeWorker();
  started.onmessage = (event) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    pending.resolve(reply);
  };
  started.onerror = () => {
    // The worker died (or failed to load): every pending search fails, the next one starts a new worker.
    if (worker === started) worker = undefined;
    started.terminate();
    for (const pending of waiting.values()) pending.reject(failed());
    waiting.clear();
  };
  worker = started;
  return started;
}

function ask(request: SearchWorkerRequest, transfer: Transferable[] = []): Promise<SearchWorkerReply> {
  return new Promise((resolve, reject) => {
    waiting.set(request.id, { resolve, reject });
    connect().postMessage(request, transfer);
  });
}

/**
 * The `k` vectors of `model` most similar to `query` across `spaces`, best first, with their
 * cosine similarity. The scan runs in a dedicated worker (search-worker.ts), never on the
 * page's main thread: the worker reads each space once and keeps it packed in memory.
 */
export async function searchVectors(spaces: readonly Space[], model: string, query: Float32Array, k: number): Promise<SearchResult[]> {
  if (!spaces.length || k <= 0) return [];
  const copy = query.slice();
  const reply = await ask({ type: 'search', id: nextId++, spaces: [...spaces], model, query: copy, k }, [copy.buffer]);
  if (!reply.ok) throw failed();
  if (!('results' in reply)) throw failed();
  return reply.results;
}

/** The memory held by the worker's loaded indexes (for the benchmark and diagnostics). */
export async function searchStats(): Promise<SearchStats> {
  const reply = await ask({ type: 'stats', id: nextId++ });
  if (!reply.ok || !('stats' in reply)) throw failed();
  return reply.stats;
}

/** Tests: run searches on `factory`'s worker (unit tests have no Worker); `undefined` restores the real one. */
export function useSearchWorker(factory: (() => SearchWorkerLike) | undefined): void {
  worker?.terminate();
  worker = undefined;
  makeWorker = factory ?? startWorker;
}
