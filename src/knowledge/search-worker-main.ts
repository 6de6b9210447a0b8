import { openIdb } from '@/src/platform/idb';
import type { Space, VectorRow } from './knowledge-db';
import { KNOWLEDGE_SCHEMA } from './knowledge-schema';
import { SearchEngine } from './search-engine';
import type { SearchWorkerRequest } from './search-protocol';
import { VECTORS_CHANNEL, type VectorsChanged } from './vector-events';

/** This worker's part of every space: search-client.ts names its workers `keyward-search-${shard}-of-${shards}`. */
export function shardOf(name: string | undefined): { shard: number; shards: number } {
  const match = /^keyward-search-(\d+)-of-(\d+)$/.exec(name ?? '');
  const shard = Number(match?.[1] ?? 0);
  const shards = Number(match?.[2] ?? 1);
  return shards >= 1 && shard < shards ? { shard, shards } : { shard: 0, shards: 1 };
}

/** What the worker uses of its global scope (the project's TypeScript has the DOM library, not WebWorker's). */
export interface WorkerScope {
  onmessage: ((event: MessageEvent<SearchWorkerRequest>) => void) | null;
  postMessage(message: unknown): void;
  /** The name search-client.ts gave the worker (its shard). */
  readonly name?: string;
}

type KnowledgeTables = { vectors: { row: VectorRow; key: string } };

/**
 * The dedicated search worker's life (started by search-client.ts from a page): reads vectors
 * over raw IndexedDB (no Dexie in its bundle), keeps each space packed in memory, and drops a
 * space when a page or another worker announces a change. Only the page that made it talks to it.
 */
export function startSearchWorker(scope: WorkerScope): void {
  const db = openIdb<KnowledgeTables>(KNOWLEDGE_SCHEMA);
  const { shard, shards } = shardOf(scope.name);
  const engine = new SearchEngine(async (space: Space, model: string) => {
    // One model's vectors of a space are one range of primary keys (`${space}|${model}|…`): this
    // worker reads its slice of it, so the shards together read each row once.
    const prefix = `${space}|${model}|`;
    const all = db.vectors.where('id').between(prefix, `${prefix}\uffff`, true, true);
    if (shards === 1) return all.toArray();
    const keys = await all.primaryKeys();
    const start = Math.floor((shard * keys.length) / shards);
    const end = Math.floor(((shard + 1) * keys.length) / shards) - 1;
    const from = keys[start];
    const to = keys[end];
    if (end < start || from === undefined || to === undefined) return [];
    return db.vectors.where('id').between(from, to, true, true).toArray();
  });
  const changes = new BroadcastChannel(VECTORS_CHANNEL);
  changes.onmessage = (event: MessageEvent<VectorsChanged>) => {
    if (event.data?.type === 'vectors-changed' && typeof event.data.space === 'string') engine.invalidate(event.data.space);
  };
  scope.onmessage = (event: MessageEvent<SearchWorkerRequest>) => {
    void engine.handle(event.data).then((reply) => scope.postMessage(reply));
  };
}
