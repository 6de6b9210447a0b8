import Dexie, { type Table } from 'dexie';
import { declareSchema } from '@/src/platform/dexie-schema';
import { KNOWLEDGE_SCHEMA } from './knowledge-schema';

export { KNOWLEDGE_SCHEMA };

/** Where vectors belong: the history, or one collection. */
export type Space = 'history' | `collection:${string}`;

/** Which model made a vector and which provider key pays for it (the same shape as embed-client's). */
export interface EmbeddingTargetRow {
  keyId: string | null;
  model: string;
}

/**
 * One stored vector. `data` is its compact form (vector-codec.ts: an int8 quantisation with its
 * scale, a quarter of Float32's size; measured in src/knowledge/README.md). `model` is
 * embed-client's `embeddingModelKey(target)`: vectors of different models are never compared.
 */
export interface VectorRow {
  id: string;
  space: Space;
  model: string;
  sourceId: string;
  dims: number;
  data: ArrayBuffer;
}

export type JobState = 'running' | 'paused' | 'done' | 'failed';

/**
 * Indexing progress, one row per job (`history`, `collection:${id}`), so a page that reopens
 * resumes where the last one stopped. `done` counts sources whose vectors are stored: it is
 * written in the transaction that stores them, so a retry never counts one twice.
 */
export interface JobRow {
  id: string;
  /** embeddingModelKey of the model the job embeds with. */
  model: string;
  state: JobState;
  done: number;
  total: number;
  /** The job's own resume position (the history index: JSON, history-index.ts). */
  cursor?: string;
  /** An error code (AppError), never a message with user text. */
  error?: string;
  updatedAt: number;
  /** The model to call (the history job remembers the user's choice here; history-index.ts). */
  target?: EmbeddingTargetRow;
}

export interface CollectionRow {
  id: string;
  name: string;
  createdAt: number;
  model: string;
  target: EmbeddingTargetRow;
}

export interface ItemRow {
  id: string;
  collectionId: string;
  kind: 'pdf' | 'text' | 'markdown' | 'page';
  title: string;
  url?: string;
  fileName?: string;
  addedAt: number;
  bytes: number;
  chunkCount: number;
  status: 'indexing' | 'ready' | 'failed';
  error?: string;
}

export interface ChunkRow {
  id: string;
  itemId: string;
  collectionId: string;
  seq: number;
  text: string;
  headingPath: string[];
  page?: number;
  start: number;
  end: number;
}

export interface FileRow {
  itemId: string;
  blob: Blob;
}

/** The pages' handle on the knowledge database (Dexie). The search worker reads `vectors` over raw IndexedDB. */
export class KnowledgeDatabase extends Dexie {
  vectors!: Table<VectorRow, string>;
  jobs!: Table<JobRow, string>;
  collections!: Table<CollectionRow, string>;
  items!: Table<ItemRow, string>;
  chunks!: Table<ChunkRow, string>;
  files!: Table<FileRow, string>;

  constructor(name = KNOWLEDGE_SCHEMA.name) {
    super(name);
    declareSchema(this, KNOWLEDGE_SCHEMA);
  }
}

let shared: KnowledgeDatabase | undefined;

/** The page's one connection (tests point it at a fresh database with `useKnowledgeDatabase`). */
export function knowledgeDb(): KnowledgeDatabase {
  return (shared ??= new KnowledgeDatabase());
}

/** Tests: use `db` (a fresh name per test) instead of the real database. */
export function useKnowledgeDatabase(db: KnowledgeDatabase): void {
  shared = db;
}
