import type { AutoLockSetting } from '@/src/settings/schemas';

/** How long a setting keeps the vault unlocked, for comparing two of them ('browser-close' is the longest). */
function reach(setting: AutoLockSetting): number {
  return setting === 'browser-close' ? Number.POSITIVE_INFINITY : setting;
}

/** True when `next` keeps the vault unlocked longer than `current`: that needs the passphrase. */
export function loosensAutoLock(current: AutoLockSetting, next: AutoLockSetting): boolean {
  return reach(next) > reach(current);
}
