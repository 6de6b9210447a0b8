import { openIdb } from '@/src/platform/idb';
import type { Space, VectorRow } from './knowledge-db';
import { KNOWLEDGE_SCHEMA } from './knowledge-schema';
import { SearchEngine } from './search-engine';
import type { SearchWorkerRequest } from './search-protocol';
import { VECTORS_CHANNEL, type VectorsChanged } from './vector-events';

/** What the worker uses of its global scope (the project's TypeScript has the DOM library, not WebWorker's). */
export interface WorkerScope {
  onmessage: ((event: MessageEvent<SearchWorkerRequest>) => void) | null;
  postMessage(message: unknown): void;
}

type KnowledgeTables = { vectors: { row: VectorRow; key: string } };

/**
 * The dedicated search worker's life (started by search-client.ts from a page): reads vectors
 * over raw IndexedDB (no Dexie in its bundle), keeps each space packed in memory, and drops a
 * space when a page or another worker announces a change. Only the page that made it talks to it.
 */
export function startSearchWorker(scope: WorkerScope): void {
  const db = openIdb<KnowledgeTables>(KNOWLEDGE_SCHEMA);
  const engine = new SearchEngine((space: Space, model: string) => db.vectors.where('[space+model]').equals([space, model]).toArray());
  const changes = new BroadcastChannel(VECTORS_CHANNEL);
  changes.onmessage = (event: MessageEvent<VectorsChanged>) => {
    if (event.data?.type === 'vectors-changed' && typeof event.data.space === 'string') engine.invalidate(event.data.space);
  };
  scope.onmessage = (event: MessageEvent<SearchWorkerRequest>) => {
    void engine.handle(event.data).then((reply) => scope.postMessage(reply));
  };
}
