import { useEffect } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';

const MIN_DELAY_MS = 5_000;
const MAX_DELAY_MS = 2_147_483_647;

/**
 * Re-reads the vault status when the session is due to lock by itself, so an open options page
 * hides the keys when auto-lock fires, not only at the next click. Reading the status is not
 * activity: this never keeps the vault unlocked.
 */
export function useAutoLockWatch(status: VaultStatus | undefined, refresh: () => Promise<void>) {
  // The vault's auto-lock, or the session-only keys' end, whichever comes first.
  const deadlines = [status?.state === 'unlocked' ? status.locksAt : undefined, status?.sessionKeys?.expiresAt].filter((at): at is number => at !== undefined);
  const locksAt = deadlines.length ? Math.min(...deadlines) : undefined;
  useEffect(() => {
    if (locksAt === undefined) return;
    const delay = Math.min(Math.max(locksAt - Date.now() + 1_000, MIN_DELAY_MS), MAX_DELAY_MS);
    const timer = setTimeout(() => void refresh(), delay);
    return () => clearTimeout(timer);
  }, [locksAt, refresh]);
}
