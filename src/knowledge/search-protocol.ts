import type { Space } from './knowledge-db';

/** Page → search worker. `query` is transferred (its buffer moves to the worker). */
export type SearchWorkerRequest =
  | { type: 'search'; id: number; spaces: Space[]; model: string; query: Float32Array; k: number }
  /** The memory the loaded indexes hold (the benchmark states it). */
  | { type: 'stats'; id: number };

export interface SearchResult {
  space: Space;
  sourceId: string;
  score: number;
}

export interface SearchStats {
  /** Loaded indexes, by `${space}|${model}`. */
  indexes: { key: string; count: number; dims: number; bytes: number }[];
  bytes: number;
}

/** Search worker → page. `error` is a code, never text from the data. */
export type SearchWorkerReply =
  | { id: number; ok: true; results: SearchResult[] }
  | { id: number; ok: true; stats: SearchStats }
  | { id: number; ok: false; error: string };
