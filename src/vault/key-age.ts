/**
 * Key age (issue 18, item 3): how old a key's secret is, and when it earns a gentle "rotate this
 * key" reminder. The threshold is decided in `rotationReminderDays` and nowhere else: the user's
 * setting, unless an organisation policy (issue 18, item 2) sets `maxKeyAgeDays`, which wins.
 */

export const DEFAULT_ROTATE_AFTER_DAYS = 90;
const DAY_MS = 24 * 3600_000;

/** Days after which a key gets the reminder; 0 means never. */
export function rotationReminderDays(settings: { rotateAfterDays?: number | undefined }, policy?: { maxKeyAgeDays?: number | undefined }): number {
  return policy?.maxKeyAgeDays ?? settings.rotateAfterDays ?? DEFAULT_ROTATE_AFTER_DAYS;
}

/** Whole days since the secret was set: its last rotation, else when it was added. */
export function keyAgeDays(key: { createdAt: number; rotatedAt: number | null }, now: number): number {
  return Math.max(0, Math.floor((now - (key.rotatedAt ?? key.createdAt)) / DAY_MS));
}

/** Older than the threshold (never with 0, never for a key with no date: a damaged record). */
export function needsRotation(key: { createdAt: number; rotatedAt: number | null }, days: number, now: number): boolean {
  return days > 0 && key.createdAt > 0 && keyAgeDays(key, now) >= days;
}
