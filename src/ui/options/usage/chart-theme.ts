import { useEffect, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';

/** The colours a chart draws its own text and lines in; from the design tokens, so dark mode has its own. */
export interface ChartTheme {
  text: string;
  grid: string;
  /** One colour per data series, in order (--chart-series); repeated when there are more series. */
  series: string[];
}

const SCHEME_QUERY = '(prefers-color-scheme: dark)';

/** Reads --chart-text, --chart-grid and --chart-series (shared/tokens.css) as the page resolves them now. */
export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const series = style.getPropertyValue('--chart-series').trim().split(/\s+/).filter(Boolean);
  return { text: style.getPropertyValue('--chart-text').trim(), grid: style.getPropertyValue('--chart-grid').trim(), series };
}

/**
 * The chart theme, read again when the system switches between light and dark: a canvas does not
 * follow CSS by itself, so the charts are drawn again with the new colours.
 */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readChartTheme);
  useEffect(() => {
    const query = typeof matchMedia === 'function' ? matchMedia(SCHEME_QUERY) : undefined;
    if (!query) return undefined;
    const update = () => setTheme(readChartTheme());
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return theme;
}

/**
 * A bar chart's configuration with its series, tick labels, legend and grid lines in the theme's colours
 * (a colour left empty keeps Chart.js's own). The charts name no colour themselves.
 */
export function themed(config: ChartConfiguration<'bar'>, theme: ChartTheme): ChartConfiguration<'bar'> {
  const text = theme.text || undefined;
  const grid = theme.grid || undefined;
  const datasets = config.data.datasets.map((dataset, index) => {
    const colour = theme.series.length ? theme.series[index % theme.series.length] : undefined;
    return colour ? { ...dataset, backgroundColor: colour } : dataset;
  });
  const scales = Object.fromEntries(
    Object.entries(config.options?.scales ?? {}).map(([axis, scale]) => [
      axis,
      { ...scale, ticks: { ...scale?.ticks, color: text }, grid: { ...scale?.grid, color: grid }, border: { ...scale?.border, color: grid } },
    ]),
  );
  return {
    ...config,
    data: { ...config.data, datasets },
    options: {
      ...config.options,
      color: text,
      scales,
      plugins: { ...config.options?.plugins, legend: { ...config.options?.plugins?.legend, labels: { ...config.options?.plugins?.legend?.labels, color: text } } },
    },
  };
}
