import { useEffect, useRef } from 'react';
import { send } from '@/src/messaging/client';
import { pendingSlot, type PendingEntry } from '@/src/page/pending-action';

export type { PendingEntry };

/**
 * Takes the selection action the background queued for this window (written on a context-menu or
 * toolbar click): once when the panel opens, and whenever a new one arrives while it is open. The
 * background hands each to one taker only (`page.takePendingAction`), so it runs once even with two
 * panels open.
 */
export function usePendingAction(windowId: number | undefined, onEntry: (entry: PendingEntry) => void): void {
  const handler = useRef(onEntry);
  useEffect(() => {
    handler.current = onEntry;
  });
  // Per component, not per effect: an entry taken just before StrictMode re-runs the effect is still handled.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (windowId === undefined) return undefined;
    const take = async () => {
      const entry = await send('page.takePendingAction', { windowId });
      if (entry && mounted.current) handler.current(entry);
    };
    void take().catch(() => undefined);
    // The slot lives in storage.session: a new value there is the signal to take it.
    return pendingSlot(windowId).watch((value) => {
      if (value !== undefined) void take().catch(() => undefined);
    });
  }, [windowId]);
}
