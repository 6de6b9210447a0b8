import { knowledgeDb, type EmbeddingTargetRow } from './knowledge-db';
import { readHistoryJob, type EmbedTexts, type HistoryIndexEnv } from './history-index';
import { ensureHistoryIndexer } from './history-index-runner';
import { historyIndexEnv } from './history-index-env';
import { indexItemExclusive } from './collection-index';
import type { IndexScope } from './indexer-protocol';
import { backgroundRunLock } from './index-locks';
import { withLock } from '@/src/platform/locks';

/**
 * Indexing in the hidden page (Chrome's offscreen document, Firefox's frame of the background
 * page: src/platform/hidden-page.ts), so it goes on with no Keyward page open. The worker opens
 * the page and says `index` (indexer-host.ts) when a page starts or resumes work, and at the
 * browser's start when a job was left running. This page then joins the same Web Lock queues as
 * the pages: the history job's (history-index-runner.ts) and each `indexing` item's
 * (collection-index.ts `indexItemExclusive`). A page that holds a lock keeps running; when it
 * closes, this page gets the lock and goes on; a page opened later shows the progress from the
 * `jobs` rows. Embeddings go through the worker as a page's do (embed-client.ts). Nothing to do:
 * nothing is asked, and the worker's idle alarm closes the page (src/local-model/host-client.ts).
 */

/** What the runner embeds with: the worker's (embed-client), unless a test gives its own. */
export interface BackgroundIndexDeps {
  historyEnv: () => Promise<HistoryIndexEnv>;
  embed?: EmbedTexts;
}

const allowed = (scope: IndexScope, target: EmbeddingTargetRow | undefined) => scope === 'all' || target?.keyId === null;

async function historyHere(scope: IndexScope, deps: BackgroundIndexDeps): Promise<void> {
  const job = await readHistoryJob();
  if (job?.state !== 'running' || !allowed(scope, job.target)) return;
  await ensureHistoryIndexer(deps.historyEnv);
}

let items: Promise<void> | undefined;
/** A request that came while the items were being gone through: once more, with the wider scope. */
let again: IndexScope | undefined;

/** The `indexing` items, one at a time, each under its lock; then again if more was asked meanwhile. */
function itemsHere(scope: IndexScope, deps: BackgroundIndexDeps): Promise<void> {
  if (items) {
    again = again === 'all' || scope === 'all' ? 'all' : 'keyless';
    return items;
  }
  items = (async () => {
    let next: IndexScope | undefined = scope;
    while (next) {
      const current: IndexScope = next;
      again = undefined;
      const db = knowledgeDb();
      const waiting = await db.items.filter((item) => item.status === 'indexing').toArray();
      for (const item of waiting.sort((a, b) => a.addedAt - b.addedAt)) {
        const collection = await db.collections.get(item.collectionId);
        if (!collection || !allowed(current, collection.target)) continue;
        await indexItemExclusive(item.id, deps.embed ? { onlyIfIndexing: true, embed: deps.embed } : { onlyIfIndexing: true });
      }
      next = again;
    }
  })().finally(() => {
    items = undefined;
  });
  return items;
}

/**
 * Runs what there is to index, as far as `scope` allows; resolves when this page has nothing left.
 * The whole run holds a lock of its own (index-locks.ts backgroundRunLock): the worker's idle close
 * sees the page at work even between two items.
 */
export function indexInBackground(scope: IndexScope, deps: BackgroundIndexDeps = { historyEnv: historyIndexEnv }): Promise<void> {
  return withLock(backgroundRunLock(), async () => {
    await Promise.all([historyHere(scope, deps), itemsHere(scope, deps)]);
  });
}
