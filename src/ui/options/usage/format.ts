const count = new Intl.NumberFormat('en-US');

export function tokens(value: number): string {
  return count.format(value);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** A file name stamp: 2026-11-23. */
export function stamp(day: string): string {
  return day.replace(/[^0-9-]/g, '');
}
