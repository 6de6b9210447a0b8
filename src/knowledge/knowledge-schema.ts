import type { DatabaseSchema } from '@/src/platform/idb';

/**
 * The knowledge database (`keyward-knowledge`, issue 19), declared once in Dexie's syntax: the pages
 * use it with Dexie (knowledge-db.ts), the search worker reads vectors over raw IndexedDB
 * (src/platform/idb.ts: no Dexie in the worker's bundle). Both derive their stores from this.
 *
 * - `vectors`: `id` = `${space}|${model}|${sourceId}` (so one model's vectors of a source prefix are one key range);
 * - `jobs`: indexing progress, for resume;
 * - `collections`, `items`, `chunks`, `files`: collections (wip-collections' part).
 */
export const KNOWLEDGE_SCHEMA: DatabaseSchema = {
  name: 'keyward-knowledge',
  versions: [
    {
      version: 1,
      stores: {
        vectors: '&id, space, [space+model]',
        jobs: '&id',
        collections: '&id, name',
        items: '&id, collectionId',
        chunks: '&id, itemId, collectionId',
        files: '&itemId',
      },
    },
  ],
};
