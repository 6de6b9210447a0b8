// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChartConfiguration } from 'chart.js';
import { readChartTheme, themed } from '@/src/ui/options/usage/chart-theme';

const tokens = readFileSync(path.resolve(import.meta.dirname, '../../../src/ui/shared/tokens.css'), 'utf8');
/** The value of a custom property in the light block (first) and the dark block (second). */
const values = (name: string) => [...tokens.matchAll(new RegExp(`${name}:\\s*([^;]+);`, 'g'))].map((match) => (match[1] ?? '').trim());

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const [r = 0, g = 0, b = 0] = channels;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

const bars = (count: number): ChartConfiguration<'bar'> => ({
  type: 'bar',
  data: { labels: ['a'], datasets: Array.from({ length: count }, (_, i) => ({ label: `s${i}`, data: [i] })) },
});

afterEach(() => document.documentElement.removeAttribute('style'));

describe('chart colours come from the design tokens', () => {
  it('light and dark each define ten series colours, every one at least 3:1 against the surface the charts sit on', () => {
    const [lightSeries, darkSeries] = values('--chart-series').map((list) => list.split(/\s+/));
    const [lightSurface, darkSurface] = values('--surface');
    expect(lightSeries).toHaveLength(10);
    expect(darkSeries).toHaveLength(10);
    for (const colour of lightSeries ?? []) expect(contrast(colour, lightSurface ?? ''), `${colour} on ${lightSurface}`).toBeGreaterThanOrEqual(3);
    for (const colour of darkSeries ?? []) expect(contrast(colour, darkSurface ?? ''), `${colour} on ${darkSurface}`).toBeGreaterThanOrEqual(3);
  });

  it('reads the series list as the page resolves it, and gives each dataset its colour in order, wrapping around', () => {
    document.documentElement.style.setProperty('--chart-series', ' #111111  #222222 #333333 ');
    document.documentElement.style.setProperty('--chart-text', '#444444');
    const theme = readChartTheme();
    expect(theme.series).toEqual(['#111111', '#222222', '#333333']);
    const drawn = themed(bars(4), theme);
    expect(drawn.data.datasets.map((dataset) => dataset.backgroundColor)).toEqual(['#111111', '#222222', '#333333', '#111111']);
    expect(drawn.options?.color).toBe('#444444');
  });

  it('leaves Chart.js its own colours when the page defines none', () => {
    const drawn = themed(bars(2), { text: '', grid: '', series: [] });
    expect(drawn.data.datasets.map((dataset) => dataset.backgroundColor)).toEqual([undefined, undefined]);
  });
});
