import { formatDateTime, formatNumber } from '@/src/shared/i18n/format';

export function tokens(value: number): string {
  return formatNumber(value);
}

export function percent(fraction: number): string {
  return formatNumber(fraction, { style: 'percent', maximumFractionDigits: 1 });
}

export function dateTime(ms: number): string {
  return formatDateTime(ms, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** A file name stamp: 2026-11-23. */
export function stamp(day: string): string {
  return day.replace(/[^0-9-]/g, '');
}
