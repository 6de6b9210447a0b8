/** Number formatting for context sizes, token counts and durations in the chat (money: src/shared/money.ts). */
import { formatNumber } from '@/src/shared/i18n/format';
import { strings } from '@/src/ui/strings';

/** Context sizes: 8K, 128K, 1M, 1.05M. */
export function formatContext(tokens: number): string {
  return formatNumber(tokens, { notation: 'compact', maximumFractionDigits: tokens >= 1_000_000 ? 2 : 0 });
}

export function formatCount(count: number): string {
  return formatNumber(count);
}

export function formatDuration(ms: number): string {
  const units = strings.chat.meta;
  if (ms < 1000) return units.milliseconds(formatNumber(Math.max(0, Math.round(ms))));
  if (ms < 60_000) return units.seconds(formatNumber(ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return units.minutes(formatNumber(minutes), formatNumber(seconds));
}

