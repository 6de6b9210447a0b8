import type { Space } from './knowledge-db';
import { PackedIndex, type StoredVector } from './search-core';
import type { SearchResult, SearchStats, SearchWorkerReply, SearchWorkerRequest } from './search-protocol';
import { normalize } from './vector-codec';

/** Reads one space's vectors of one model (the worker: raw IndexedDB; tests: anything). */
export type LoadVectors = (space: Space, model: string) => Promise<StoredVector[]>;

/**
 * The search worker's state: each space and model is read from IndexedDB once and packed
 * (search-core.ts), then every search is a scan of memory. A change to a space (vector-events.ts)
 * drops its copy at once (its memory too); a load under way then still serves the searches that
 * asked for it, and the next search reads the space again.
 */
export class SearchEngine {
  private readonly loaded = new Map<string, Promise<PackedIndex>>();

  constructor(private readonly load: LoadVectors) {}

  invalidate(space: Space): void {
    for (const key of [...this.loaded.keys()]) if (key.startsWith(`${space}|`)) this.loaded.delete(key);
  }

  private index(space: Space, model: string): Promise<PackedIndex> {
    const key = `${space}|${model}`;
    const cached = this.loaded.get(key);
    if (cached) return cached;
    const index = this.load(space, model).then((rows) => new PackedIndex(rows));
    this.loaded.set(key, index);
    index.catch(() => {
      // Not kept: the next search tries again.
      if (this.loaded.get(key) === index) this.loaded.delete(key);
    });
    return index;
  }

  /** The `k` best vectors of `model` across `spaces` for `query` (normalised here), best first. */
  async search(spaces: readonly Space[], model: string, query: Float32Array, k: number): Promise<SearchResult[]> {
    const unit = normalize(query);
    const indexes = await Promise.all(spaces.map(async (space) => ({ space, index: await this.index(space, model) })));
    const all: SearchResult[] = [];
    for (const { space, index } of indexes) {
      for (const hit of index.top(unit, k)) all.push({ space, sourceId: index.ids[hit.at]!, score: hit.score });
    }
    return all.sort((a, b) => b.score - a.score).slice(0, k);
  }

  async stats(): Promise<SearchStats> {
    const indexes = await Promise.all(
      [...this.loaded].map(async ([key, index]) => {
        const packed = await index;
        return { key, count: packed.count, dims: packed.dims, bytes: packed.bytes };
      }),
    );
    return { indexes, bytes: indexes.reduce((sum, entry) => sum + entry.bytes, 0) };
  }

  /** One request from the page; never throws (the reply says `ok: false` with a code). */
  async handle(request: SearchWorkerRequest): Promise<SearchWorkerReply> {
    try {
      if (request.type === 'stats') return { id: request.id, ok: true, stats: await this.stats() };
      return { id: request.id, ok: true, results: await this.search(request.spaces, request.model, request.query, request.k) };
    } catch (error) {
      return { id: request.id, ok: false, error: error instanceof DOMException ? error.name : 'SEARCH_FAILED' };
    }
  }
}
