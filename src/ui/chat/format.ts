/** Number formatting for context sizes, token counts and durations in the chat (money: src/shared/money.ts). */
import { strings } from '@/src/ui/strings';

/** Context sizes: 8K, 128K, 1M, 1.05M. */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(2))}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  const units = strings.chat.meta;
  if (ms < 1000) return units.milliseconds(String(Math.max(0, Math.round(ms))));
  if (ms < 60_000) return units.seconds((ms / 1000).toFixed(1));
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return units.minutes(String(minutes), String(seconds));
}
