import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { costPerDayByProvider, daysBetween, tokensPerModel } from '@/src/usage/query';
import type { DailyRow } from '@/src/usage/rows';
import { loadChart } from './chart-loader';
import { themed, useChartTheme } from './chart-theme';
import { formatUsd } from '@/src/shared/money';
import { tokens } from './format';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

function BarChart({ title, summary, config }: { title: string; summary: string; config: ChartConfiguration<'bar'> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  const theme = useChartTheme();
  const drawn = useMemo(() => themed(config, theme), [config, theme]);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void loadChart()
      .then((Chart) => {
        if (!cancelled && canvas.current) chart = new Chart(canvas.current, drawn);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [drawn]);
  return (
    <figure className="usage-chart">
      <figcaption>{title}</figcaption>
      {failed ? <p className="muted">{text.chartsUnavailable}</p> : <canvas ref={canvas} role="img" aria-label={summary} />}
    </figure>
  );
}

/** Cost per day stacked by provider, and tokens per model, for the chosen range. */
export function UsageCharts({ rows, fromDay, toDay }: { rows: readonly DailyRow[]; fromDay: string; toDay: string }) {
  const charts = useMemo(() => chartsOf(rows, fromDay, toDay), [rows, fromDay, toDay]);
  return (
    <section className="stack" aria-labelledby="usage-charts">
      <h3 id="usage-charts">{text.chartsHeading}</h3>
      <div className="usage-charts">
        {charts.map((chart) => (
          <BarChart key={chart.title} {...chart} />
        ))}
      </div>
    </section>
  );
}

function chartsOf(rows: readonly DailyRow[], fromDay: string, toDay: string) {
  const days = daysBetween(fromDay, toDay, 366);
  const cost = costPerDayByProvider(rows, days);
  const perModel = tokensPerModel(rows);
  const totalCost = rows.reduce((sum, row) => sum + row.cost, 0);
  const totalTokens = perModel.input.reduce((a, b) => a + b, 0) + perModel.output.reduce((a, b) => a + b, 0);
  const costConfig: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: days, datasets: cost.map((series) => ({ label: series.label, data: series.data, stack: 'cost' })) },
    options: { animation: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  };
  const tokenConfig: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: perModel.models,
      datasets: [
        { label: text.inputTokens, data: perModel.input, stack: 'tokens' },
        { label: text.outputTokens, data: perModel.output, stack: 'tokens' },
      ],
    },
    options: { animation: false, responsive: true, indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
  };
  return [
    { title: text.costChart, summary: text.chartSummary(text.costChart, formatUsd(totalCost)), config: costConfig },
    { title: text.tokensChart, summary: text.chartSummary(text.tokensChart, tokens(totalTokens)), config: tokenConfig },
  ];
}
