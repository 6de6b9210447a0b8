/**
 * The one money formatter: every amount in USD the extension shows (answer costs, estimates,
 * usage, budgets, the worker's budget messages) goes through here.
 */

/** The most decimals shown: a hundredth of a cent, and the digits it takes to tell two such amounts apart. */
const MAX_DECIMALS = 6;
/** Below this an amount alone is shown as "<$0.0001". */
const SMALLEST = 0.0001;

const formats = new Map<number, Intl.NumberFormat>();
function digits(value: number, decimals: number): string {
  let format = formats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: Math.min(2, decimals), maximumFractionDigits: decimals });
    formats.set(decimals, format);
  }
  return format.format(value);
}

/** Two decimals from a dollar on; below, two significant digits ($0.15, $0.0042). */
function decimalsFor(value: number): number {
  const size = Math.abs(value);
  if (size >= 1 || size === 0) return 2;
  return Math.min(MAX_DECIMALS, Math.max(2, 1 - Math.floor(Math.log10(size))));
}

function withSign(value: number, decimals: number): string {
  const text = digits(Math.abs(value), decimals);
  return value < 0 && /[1-9]/.test(text) ? `-$${text}` : `$${text}`;
}

/** "$1,234.50", "$12.30", "$0.15", "$0.0042", "$0.00"; "<$0.0001" for a positive amount below that. */
export function formatUsd(value: number): string {
  if (value > 0 && value < SMALLEST) return `<$${digits(SMALLEST, 4)}`;
  return withSign(value, decimalsFor(value));
}

/**
 * Two amounts shown side by side ("spent of limit"), with as many decimals as it takes for
 * amounts that differ to read differently: "$0.0104 of $0.01", not "$0.01 of $0.01".
 */
export function formatUsdPair(a: number, b: number): [string, string] {
  let decimals = Math.max(decimalsFor(a), decimalsFor(b));
  while (a !== b && decimals < MAX_DECIMALS && digits(a, decimals) === digits(b, decimals)) decimals++;
  return [withSign(a, decimals), withSign(b, decimals)];
}
