import { expect, test } from 'vitest';
import { indexingLeftRunning } from '@/src/knowledge/indexer-start';
import { KNOWLEDGE_SCHEMA } from '@/src/knowledge/knowledge-schema';
import { KnowledgeDatabase, useKnowledgeDatabase } from '@/src/knowledge/knowledge-db';

/**
 * The worker's look at the browser's start (src/knowledge/indexer-start.ts): a job left `running`
 * wakes the hidden page; none, or only finished ones, do not; a profile that never indexed is not
 * given a knowledge database by looking. One database name per file: the worker reads the real name.
 */

const names = async () => (await indexedDB.databases()).map((database) => database.name);

test('no knowledge database: nothing to resume, and looking does not create it', async () => {
  expect(await names()).not.toContain(KNOWLEDGE_SCHEMA.name);
  expect(await indexingLeftRunning()).toBe(false);
  expect(await names()).not.toContain(KNOWLEDGE_SCHEMA.name);
});

test('a job left running wakes the hidden page; finished, paused or failed ones do not', async () => {
  const db = new KnowledgeDatabase(KNOWLEDGE_SCHEMA.name);
  useKnowledgeDatabase(db);
  const job = { model: 'k/m', done: 3, total: 9, updatedAt: 1 };
  await db.jobs.bulkPut([
    { id: 'history', state: 'done', ...job },
    { id: 'collection:a', state: 'paused', ...job },
    { id: 'collection:b', state: 'failed', ...job },
  ]);
  expect(await indexingLeftRunning()).toBe(false);
  await db.jobs.put({ id: 'collection:c', state: 'running', ...job });
  expect(await indexingLeftRunning()).toBe(true);
  db.close();
});
