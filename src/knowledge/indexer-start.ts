import { openIdb } from '@/src/platform/idb';
import { KNOWLEDGE_SCHEMA } from './knowledge-schema';

/**
 * The worker's look at the browser's start: a job left `running` (the history's, or a collection's
 * whose item was being embedded when the browser closed) means the hidden page has work. Read over
 * raw IndexedDB (no Dexie in the worker); a profile that never indexed has no knowledge database,
 * and it is not created here. The page itself decides what it may run (`keyless` scope).
 */
export async function indexingLeftRunning(): Promise<boolean> {
  const factory = globalThis.indexedDB as (IDBFactory & { databases?: () => Promise<{ name?: string }[]> }) | undefined;
  if (!factory) return false;
  if (factory.databases && !(await factory.databases()).some((known) => known.name === KNOWLEDGE_SCHEMA.name)) return false;
  const db = openIdb<{ jobs: { row: { state?: string }; key: string } }>(KNOWLEDGE_SCHEMA);
  try {
    return (await db.jobs.toArray()).some((job) => job.state === 'running');
  } finally {
    db.close();
  }
}
