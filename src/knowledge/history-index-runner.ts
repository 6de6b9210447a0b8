import { withLock } from '@/src/platform/locks';
import { readHistoryJob, resumeHistoryIndex, runHistoryIndex, type HistoryIndexEnv, type RunOutcome } from './history-index';
import { onJobChanged } from './history-index-events';
import { HISTORY_INDEX_LOCK } from './index-locks';

/**
 * Where the history's indexing runs: in the extension pages that show the history and in the
 * hidden page (background-indexer.ts), under one Web Lock across the extension, so exactly one of
 * them runs it; the others queue for the lock and take over when the running one closes, and any
 * page that opens later resumes the job from the `jobs` store. Why: src/knowledge/README.md.
 */

let queued: Promise<RunOutcome | undefined> | undefined;

/**
 * Runs the history job in this page once the lock is free, if it is running by then. Calling it
 * while this page already waits for or holds the lock does nothing more. A cancel or a change of
 * model stops the embedding call under way (its result would be thrown away); a pause lets it end.
 */
export function ensureHistoryIndexer(env: () => Promise<HistoryIndexEnv>): Promise<RunOutcome | undefined> {
  queued ??= withLock(HISTORY_INDEX_LOCK, async () => {
    let outcome: RunOutcome | undefined;
    for (;;) {
      const job = await readHistoryJob();
      if (job?.state !== 'running') return outcome;
      const controller = new AbortController();
      const stop = onJobChanged(() => {
        void readHistoryJob().then((now) => {
          if (!now || now.model !== job.model) controller.abort();
        });
      });
      try {
        outcome = await runHistoryIndex(await env(), controller.signal);
      } finally {
        stop();
      }
      // 'stopped' by another model: go on with it; by a cancel (or this page's end), stop.
      if (outcome !== 'stopped') return outcome;
      const after = await readHistoryJob();
      if (!after || after.model === job.model) return outcome;
    }
  }).finally(() => {
    queued = undefined;
  });
  return queued;
}

/**
 * New messages (an answer finished, a question sent): a finished job looks for them again, run by
 * `run` (a page's runHistoryIndexHere, which also wakes the hidden page). Nothing when the job is
 * off, paused or failed.
 */
export async function indexNewMessages(env: () => Promise<HistoryIndexEnv>, run: () => void = () => void ensureHistoryIndexer(env)): Promise<void> {
  const job = await readHistoryJob();
  if (!job || job.state === 'paused' || job.state === 'failed') return;
  if (job.state === 'done') await resumeHistoryIndex();
  run();
}
