import type { AutoLockSetting } from '@/src/settings/schemas';

/**
 * The rules of session-only keys (issue 18, item 1), decided here and nowhere else. An organisation
 * policy (issue 18, item 2) can turn them off: pass its `sessionKeys` in; no policy allows them.
 */
export function sessionKeysAllowed(policy?: { sessionKeys?: boolean | undefined }): boolean {
  return policy?.sessionKeys ?? true;
}

/**
 * The longest a session-only key lives without deliberate use. The specification's "15 minutes
 * maximum" is the default auto-lock; a shorter or longer auto-lock moves it, and "when the browser
 * closes" (which has no time of its own) falls back to the default, so such a key always has an end.
 */
export const SESSION_KEY_DEFAULT_MINUTES = 15;

export function sessionKeyLifetimeMs(autoLock: AutoLockSetting): number {
  return (autoLock === 'browser-close' ? SESSION_KEY_DEFAULT_MINUTES : autoLock) * 60_000;
}

/** Ids of session-only keys carry this prefix, so a key that is gone can still be told apart from a vault key. */
export const SESSION_KEY_ID_PREFIX = 'session-';

export function isSessionKeyId(id: string): boolean {
  return id.startsWith(SESSION_KEY_ID_PREFIX);
}
