import { KnowledgeDatabase, useKnowledgeDatabase } from '@/src/knowledge/knowledge-db';
import { SearchEngine } from '@/src/knowledge/search-engine';
import { useSearchWorker, type SearchWorkerLike } from '@/src/knowledge/search-client';
import type { SearchWorkerReply, SearchWorkerRequest } from '@/src/knowledge/search-protocol';
import { VECTORS_CHANNEL, type VectorsChanged } from '@/src/knowledge/vector-events';

let counter = 0;

/** A fresh knowledge database for one test, used by vector-store and the indexers. */
export function freshKnowledge(): KnowledgeDatabase {
  const db = new KnowledgeDatabase(`knowledge-${++counter}-${Math.random().toString(36).slice(2)}`);
  useKnowledgeDatabase(db);
  return db;
}

/**
 * The search worker's engine in this thread (Node has no Worker), reading `db` with Dexie, with
 * the same change channel and message round trip (structured clone of the request and the reply).
 */
export function inProcessSearchWorker(db: KnowledgeDatabase): { engine: SearchEngine; loads: string[]; stop(): void } {
  const loads: string[] = [];
  const engine = new SearchEngine((space, model) => {
    loads.push(`${space}|${model}`);
    return db.vectors.where('[space+model]').equals([space, model]).toArray();
  });
  const channel = new BroadcastChannel(VECTORS_CHANNEL);
  channel.onmessage = (event: MessageEvent<VectorsChanged>) => engine.invalidate(event.data.space);
  useSearchWorker(() => {
    const fake: SearchWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message: SearchWorkerRequest) {
        const request = structuredClone(message);
        void engine.handle(request).then((reply: SearchWorkerReply) => fake.onmessage?.({ data: structuredClone(reply) } as MessageEvent<SearchWorkerReply>));
      },
      terminate() {},
    };
    return fake;
  });
  return {
    engine,
    loads,
    stop() {
      channel.close();
      useSearchWorker(undefined);
    },
  };
}

/** Waits for BroadcastChannel deliveries (they are asynchronous, also in Node). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A unit vector from a seed (a small deterministic generator: tests reproduce). */
export function seededVector(seed: number, dims: number): Float32Array {
  let state = seed * 2654435761 + 1;
  const out = new Float32Array(dims);
  let sum = 0;
  for (let index = 0; index < dims; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[index] = state / 2147483648 - 0.5;
    sum += out[index]! * out[index]!;
  }
  return out.map((value) => value / Math.sqrt(sum));
}

