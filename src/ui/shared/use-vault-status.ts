import { useSyncExternalStore } from 'react';
import { send } from '@/src/messaging/client';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';

interface Snapshot {
  status?: VaultStatus;
  error?: string;
}

type StatusUpdate = VaultStatus | undefined | ((current: VaultStatus | undefined) => VaultStatus | undefined);

/**
 * The vault's state in this page: one copy, whoever asks (the popup's header, the chat, the side
 * panel's estimate), so a lock seen by one is seen by all. Fetched when the first user mounts,
 * refreshed on demand and when the page becomes visible again; forgotten when the last unmounts.
 */
let snapshot: Snapshot = {};
let users = 0;
/** Bumped when the page stops using the state, so a late answer is not kept for the next user. */
let generation = 0;
const listeners = new Set<() => void>();

function publish(next: Snapshot): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

async function refresh(): Promise<void> {
  const asked = generation;
  try {
    const status = await send('vault.status', {});
    if (asked === generation) publish({ status });
  } catch (caught) {
    if (asked === generation) publish({ ...snapshot, error: caught instanceof AppError ? caught.message : String(caught) });
  }
}

function setStatus(update: StatusUpdate): void {
  const status = typeof update === 'function' ? update(snapshot.status) : update;
  const next: Snapshot = { ...snapshot };
  if (status) next.status = status;
  else delete next.status;
  publish(next);
}

function onVisible(): void {
  if (document.visibilityState === 'visible') void refresh();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (++users === 1) {
    void refresh();
    document.addEventListener('visibilitychange', onVisible);
  }
  return () => {
    listeners.delete(listener);
    if (--users > 0) return;
    document.removeEventListener('visibilitychange', onVisible);
    generation++;
    snapshot = {};
  };
}

const current = () => snapshot;

/** The vault's state as the background reports it (shared by every component of the page). */
export function useVaultStatus() {
  const { status, error } = useSyncExternalStore(subscribe, current);
  return { status, setStatus, error, refresh };
}
