import { send } from '@/src/messaging/client';

/**
 * A page started or resumed indexing (the history job, a collection's items): the worker opens
 * the hidden page, which queues for the same locks and goes on once the pages close
 * (background-indexer.ts). A refusal or a worker that cannot open it changes nothing here: the
 * page indexes as before.
 */
export function wakeBackgroundIndexer(): void {
  void send('knowledge.indexInBackground', {}).catch(() => undefined);
}
