/**
 * Changes to the history job (started, a batch stored, paused, failed, cancelled), told to every
 * page of the extension: their progress bars read the job again, and an idle page offers to run it.
 */
export const JOBS_CHANNEL = 'keyward-knowledge-jobs';

let channel: BroadcastChannel | undefined;

export function announceJobChanged(): void {
  channel ??= new BroadcastChannel(JOBS_CHANNEL);
  channel.postMessage({ type: 'job-changed' });
}

/** Calls `listener` on every change announced by another context or page; returns the unsubscribe. */
export function onJobChanged(listener: () => void): () => void {
  const listening = new BroadcastChannel(JOBS_CHANNEL);
  listening.onmessage = () => listener();
  return () => listening.close();
}
