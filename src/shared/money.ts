/**
 * The one money formatter: every amount in USD the extension shows (answer costs, estimates,
 * usage, budgets) goes through here, written in the UI language ("$1,234.50", "1.234,50 $").
 */
import { numberFormat } from '@/src/shared/i18n/format';

/** The most decimals shown: a hundredth of a cent, and the digits it takes to tell two such amounts apart. */
const MAX_DECIMALS = 6;
/** Below this an amount alone is shown as "<$0.0001". */
const SMALLEST = 0.0001;

/** USD with `decimals` decimals; no minus sign on an amount that rounds to zero ("$0.00", not "-$0.00"). */
function usd(value: number, decimals: number): string {
  return numberFormat({ style: 'currency', currency: 'USD', minimumFractionDigits: Math.min(2, decimals), maximumFractionDigits: decimals, signDisplay: 'negative' }).format(value);
}

/** Two decimals from a dollar on; below, two significant digits ($0.15, $0.0042). */
function decimalsFor(value: number): number {
  const size = Math.abs(value);
  if (size >= 1 || size === 0) return 2;
  return Math.min(MAX_DECIMALS, Math.max(2, 1 - Math.floor(Math.log10(size))));
}

/** "$1,234.50", "$12.30", "$0.15", "$0.0042", "$0.00"; "<$0.0001" for a positive amount below that. */
export function formatUsd(value: number): string {
  if (value > 0 && value < SMALLEST) return `<${usd(SMALLEST, 4)}`;
  return usd(value, decimalsFor(value));
}

/**
 * Two amounts shown side by side ("spent of limit"), with as many decimals as it takes for
 * amounts that differ to read differently: "$0.0104 of $0.01", not "$0.01 of $0.01".
 */
export function formatUsdPair(a: number, b: number): [string, string] {
  let decimals = Math.max(decimalsFor(a), decimalsFor(b));
  while (a !== b && decimals < MAX_DECIMALS && usd(a, decimals) === usd(b, decimals)) decimals++;
  return [usd(a, decimals), usd(b, decimals)];
}
