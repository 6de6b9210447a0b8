import { useEffect, useState } from 'react';
import type { JobRow } from '@/src/knowledge/knowledge-db';
import { readHistoryJob } from '@/src/knowledge/history-index';
import { onJobChanged } from '@/src/knowledge/history-index-events';
import { runHistoryIndexHere } from './history-index-env';

/**
 * The history job as this page sees it (undefined while read, null when there is none), read again
 * on every change any page announces. While it runs, this page offers to run it: it queues for the
 * lock and takes over if the page running it closes.
 */
export function useHistoryIndex(): JobRow | null | undefined {
  const [job, setJob] = useState<JobRow | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const read = () =>
      void readHistoryJob().then(
        (row) => {
          if (!live) return;
          setJob(row ?? null);
          if (row?.state === 'running') runHistoryIndexHere();
        },
        () => live && setJob(null),
      );
    read();
    const stop = onJobChanged(read);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return job;
}
