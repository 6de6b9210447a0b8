import { formatDateTime, formatRelative } from '@/src/shared/i18n/format';
import { strings } from '@/src/ui/strings';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 days ago", "in 5 minutes", or "just now" for anything under a minute. */
export function relativeTime(timestamp: number, now: number = Date.now()): string {
  const diff = timestamp - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return formatRelative(Math.round(diff / size), unit);
  }
  return strings.time.justNow;
}

/** The full local date and time, for a tooltip next to a relative time. */
export function absoluteTime(timestamp: number): string {
  return formatDateTime(timestamp);
}
