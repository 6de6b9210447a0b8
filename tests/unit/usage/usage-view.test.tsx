// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import { DEFAULT_SPEND_SETTINGS } from '@/src/settings/settings-store';
import { AuditLog } from '@/src/audit/audit-log';
import { UsageRecorder, type CallInput } from '@/src/usage/recorder';
import { UsageDexie } from '@/src/usage/usage-dexie';
import { openUsageDatabase } from '@/src/usage/usage-db';
import { pricesWith } from '@/src/usage/prices';
import { createCatalogLookup, createPriceIndex } from '@/src/catalog/catalog';
import { UsageView } from '@/src/ui/options/usage';
import { ToastProvider } from '@/src/ui/shared/Toasts';
import { installBackend, sent } from '../ui/fake-backend';
import { catalogFile } from './helpers';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

interface ChartOptions {
  color?: string;
  scales?: Record<string, { ticks?: { color?: string }; grid?: { color?: string } }>;
  plugins?: { legend?: { labels?: { color?: string } } };
}
const charts: { type: string; labels?: unknown[]; datasets: { label?: string; data: unknown[]; stack?: string }[]; options?: ChartOptions }[] = [];
vi.mock('@/src/ui/options/usage/chart-loader', () => ({
  loadChart: async () =>
    class FakeChart {
      constructor(_canvas: unknown, config: { type: string; data: { labels?: unknown[]; datasets: { label?: string; data: unknown[]; stack?: string }[] }; options?: ChartOptions }) {
        charts.push({ type: config.type, labels: config.data.labels, datasets: config.data.datasets, options: config.options });
      }
      destroy() {}
    },
}));

/** The Usage view as the options page mounts it: inside the page's toasts. */
const renderUsage = (ui: ReactElement) => render(ui, { wrapper: ToastProvider });

const lookup = createCatalogLookup(catalogFile).findModel;
const NOW = new Date(2026, 10, 23, 15, 0).getTime();
let counter = 0;

async function seeded(): Promise<UsageDexie> {
  const db = new UsageDexie(`usage-view-${++counter}`);
  // The worker records (raw IndexedDB); the page reads the same database with Dexie.
  const worker = openUsageDatabase(db.name);
  const recorder = new UsageRecorder({
    db: worker,
    audit: new AuditLog(worker, () => NOW, async () => ({ max: 10_000, keep: 5_000 })),
    labelOf: async (keyId) => ({ k1: 'Work', k2: 'Personal' })[keyId ?? ''] ?? 'Chrome built-in',
    cost: async (provider, model, usage, at) => pricesWith(lookup, {}).cost(provider, model, usage, at),
  });
  const call = (at: number, extra: Partial<CallInput>): CallInput => ({
    kind: 'chat',
    provider: 'openai',
    model: 'gpt-4o-mini',
    keyId: 'k1',
    startedAt: at,
    endedAt: at + 1_000,
    usage: { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
    outcome: 'ok',
    ...extra,
  });
  const today = new Date(2026, 10, 23, 10).getTime();
  await recorder.record(call(today, {})); // $0.15
  const anthropic = { inputTokens: 200_000, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false };
  await recorder.record(call(today + 60_000, { provider: 'anthropic', model: 'claude-sonnet-4-5', keyId: 'k2', usage: anthropic })); // $0.60
  await recorder.record(call(new Date(2026, 10, 2, 10).getTime(), {})); // this month, $0.15
  await recorder.record(call(new Date(2026, 9, 20, 10).getTime(), { outcome: 'error', errorKind: 'overloaded', usage: undefined })); // before the default range
  return db;
}

beforeEach(() => {
  charts.length = 0;
  installBackend(send, {
    'spendSettings.get': () => DEFAULT_SPEND_SETTINGS,
    'usage.deleteAll': () => ({ deleted: true }),
  });
});
afterEach(() => vi.restoreAllMocks());

function card(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('the Usage view', () => {
  test('totals for today, this month and the chosen range', async () => {
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    await screen.findByRole('heading', { name: 'Usage and cost' });
    expect(within(card('Today')).getByText('$0.75')).toBeTruthy();
    expect(within(card('This month')).getByText('$0.90')).toBeTruthy();
    const range = card('Chosen range (2026-10-25 – 2026-11-23)');
    expect(within(range).getByText('$0.90')).toBeTruthy();
    expect(within(range).getByText('3')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-10-01' } });
    const wider = await screen.findByRole('region', { name: 'Chosen range (2026-10-01 – 2026-11-23)' });
    await waitFor(() => expect(within(wider).getByText('4 (1 failed)')).toBeTruthy());
  });

  test('charts: cost per day stacked by provider, tokens per model', async () => {
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    await waitFor(() => expect(charts.length).toBeGreaterThanOrEqual(2));
    const [cost, tokens] = charts.slice(-2);
    expect(cost?.datasets.map((set) => set.label)).toEqual(['anthropic', 'openai']);
    expect(cost?.datasets.every((set) => set.stack === 'cost' && set.data.length === 30)).toBe(true);
    expect(tokens?.datasets.map((set) => set.label)).toEqual(['Input tokens', 'Output tokens']);
  });

  test('connection tests and model lists are counted apart, free, and kept out of the charts and the breakdown', async () => {
    const db = await seeded();
    const worker = openUsageDatabase(db.name);
    const recorder = new UsageRecorder({
      db: worker,
      audit: new AuditLog(worker, () => NOW, async () => ({ max: 10_000, keep: 5_000 })),
      labelOf: async () => 'Work',
      cost: async (provider, model, usage, at) => pricesWith(lookup, {}).cost(provider, model, usage, at),
    });
    const today = new Date(2026, 10, 23, 11).getTime();
    for (let i = 0; i < 3; i++) {
      await recorder.record({ kind: 'models', provider: 'openai', model: '', keyId: 'k1', startedAt: today + i, endedAt: today + i + 200, outcome: 'ok' });
      await recorder.record({ kind: 'test', provider: 'anthropic', model: '', keyId: 'k2', startedAt: today + i, endedAt: today + i + 200, outcome: i === 0 ? 'error' : 'ok', errorKind: 'key-rejected' });
    }
    renderUsage(<UsageView db={db} now={() => NOW} />);
    await screen.findByRole('heading', { name: 'Usage and cost' });
    const todayCard = card('Today');
    expect(within(todayCard).getByText('$0.75')).toBeTruthy();
    // The two chat calls of today, without the six checks; none of them "of unknown price".
    expect(within(todayCard).getByText('2')).toBeTruthy();
    expect(within(todayCard).getByText('Also 6 connection tests and model lists (free, not in these figures)')).toBeTruthy();
    expect(todayCard.textContent).not.toContain('unknown price');
    await waitFor(() => expect(charts.length).toBeGreaterThanOrEqual(2));
    const tokens = charts.at(-1);
    expect(tokens?.labels).toEqual(['openai · gpt-4o-mini', 'anthropic · claude-sonnet-4-5']);
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'model' } });
    const byModel = await screen.findByRole('table', { name: 'Breakdown: Model' });
    expect(within(byModel).getAllByRole('row').slice(1).map((row) => row.firstElementChild?.textContent).sort()).toEqual(['anthropic · claude-sonnet-4-5', 'openai · gpt-4o-mini']);
  });

  test('embedding calls (issue 19) count in the figures, are noted as such, and show as embeddings in the breakdown', async () => {
    const db = await seeded();
    const worker = openUsageDatabase(db.name);
    const index = createPriceIndex(catalogFile);
    const recorder = new UsageRecorder({
      db: worker,
      audit: new AuditLog(worker, () => NOW, async () => ({ max: 10_000, keep: 5_000 })),
      labelOf: async () => 'Work',
      cost: async (provider, model, usage, at) => pricesWith(index, {}).cost(provider, model, usage, at),
    });
    const today = new Date(2026, 10, 23, 12).getTime();
    for (let i = 0; i < 2; i++) {
      await recorder.record({ kind: 'embedding', provider: 'openai', model: 'text-embedding-3-small', keyId: 'k1', startedAt: today + i, endedAt: today + i + 50, usage: { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false }, outcome: 'ok' });
    }
    renderUsage(<UsageView db={db} now={() => NOW} />);
    await screen.findByRole('heading', { name: 'Usage and cost' });
    const todayCard = card('Today');
    // $0.75 of chats and 2 × $0.02 of embeddings; 4 calls, 2 of them embeddings.
    expect(within(todayCard).getByText('$0.79')).toBeTruthy();
    expect(within(todayCard).getByText('4')).toBeTruthy();
    expect(within(todayCard).getByText('Of these, 2 embedding calls (search by meaning and collections)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'model' } });
    const byModel = await screen.findByRole('table', { name: 'Breakdown: Model' });
    expect(within(byModel).getAllByRole('row').slice(1).map((row) => row.firstElementChild?.textContent).sort()).toEqual([
      'anthropic · claude-sonnet-4-5',
      'openai · gpt-4o-mini',
      'openai · text-embedding-3-small (Embeddings)',
    ]);
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'kind' } });
    const byKind = await screen.findByRole('table', { name: 'Breakdown: Kind' });
    expect(within(byKind).getAllByRole('row').slice(1).map((row) => [row.firstElementChild?.textContent, row.children[1]?.textContent])).toEqual([
      ['Chat', '$0.90'],
      ['Embeddings', '$0.04'],
    ]);
  });

  test('a sortable breakdown by provider, model or key', async () => {
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    const table = await screen.findByRole('table', { name: 'Breakdown: Provider' });
    const names = () => within(table).getAllByRole('row').slice(1).map((row) => row.firstElementChild?.textContent);
    expect(names()).toEqual(['anthropic', 'openai']);
    const costHeader = within(table).getByRole('columnheader', { name: 'Cost' });
    expect(costHeader.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(within(costHeader).getByRole('button'));
    expect(costHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(names()).toEqual(['openai', 'anthropic']);
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'key' } });
    const byKey = await screen.findByRole('table', { name: 'Breakdown: Key' });
    expect(within(byKey).getAllByRole('row').slice(1).map((row) => row.firstElementChild?.textContent).sort()).toEqual(['Personal', 'Work']);
  });

  test('CSV and JSON downloads through Blob URLs', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:keyward/usage';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Daily totals (CSV)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Calls in detail (CSV)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Everything (JSON)' }));
    await waitFor(() => expect(names).toHaveLength(3));
    // Each download is confirmed in the page's polite live region, naming the file.
    const toasts = screen.getByRole('status', { name: 'Notifications' });
    expect(toasts.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(toasts.textContent).toContain('Saved keyward-usage-2026-10-25-to-2026-11-23.json to your downloads.'));
    for (const name of names) expect(toasts.textContent).toContain(`Saved ${name} to your downloads.`);
    expect(names).toEqual(['keyward-usage-2026-10-25-to-2026-11-23-daily.csv', 'keyward-usage-2026-10-25-to-2026-11-23-calls.csv', 'keyward-usage-2026-10-25-to-2026-11-23.json']);
    const [daily, calls, json] = await Promise.all(blobs.map((blob) => blob.text()));
    expect(daily?.split('\r\n')[0]).toContain('day,provider,model,key label,calls');
    expect(daily).toContain('Personal');
    expect(calls?.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(calls).not.toContain('overloaded');
    expect(JSON.parse(json ?? '{}')).toMatchObject({ format: 'keyward-usage', range: { from: '2026-10-25', to: '2026-11-23' } });
    expect(json).not.toContain('"keyId"');
  });

  test('the cost on a reference model', async () => {
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    // 2.2M input tokens at gpt-4o-mini's $0.15 per 1M.
    const status = await screen.findByText(/You spent \$0\.90; on gpt 4o mini the same calls would have cost \$0\.33/, {}, { timeout: 10_000 });
    expect(status.textContent).toContain('$0.57 less.');
  });

  test('the compliance report of the range', async () => {
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    const heading = await screen.findByRole('heading', { name: 'Compliance report' });
    const section = heading.closest('section') as HTMLElement;
    // The audit clock of this test stands still, so all four calls are in the range.
    await waitFor(() => expect(within(section).getByText('75%')).toBeTruthy());
    expect(within(section).getByText('openai: 3, anthropic: 1')).toBeTruthy();
    expect(within(section).getByText('overloaded: 1')).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Audit log (CSV)' })).toBeTruthy();
  });

  test('the compliance report shows unlocks, wrong passphrases and throttled attempts apart', async () => {
    const db = await seeded();
    const at = new Date(2026, 10, 23, 9).getTime();
    await db.audit.bulkAdd([
      ...Array.from({ length: 5 }, (_, i) => ({ at: at + i, action: 'vault.unlocked', outcome: 'error' as const, errorClass: 'WRONG_PASSPHRASE' })),
      ...Array.from({ length: 3 }, (_, i) => ({ at: at + 10 + i, action: 'vault.unlocked', outcome: 'error' as const, errorClass: 'THROTTLED' })),
      { at: at + 20, action: 'vault.unlocked', outcome: 'ok' as const },
    ]);
    renderUsage(<UsageView db={db} now={() => NOW} />);
    const heading = await screen.findByRole('heading', { name: 'Compliance report' });
    const section = heading.closest('section') as HTMLElement;
    const events = await within(section).findByText(/^vault\.unlocked:/);
    expect(events.textContent).toBe('vault.unlocked: 1 succeeded, 5 wrong passphrase, 3 throttled (too many attempts)');
  });

  test('"Delete all usage data" asks first, then sends usage.deleteAll', async () => {
    renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all usage data' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete all usage data?' });
    expect(sent(send as never, 'usage.deleteAll')).toEqual([]);
    fireEvent.click(within(dialog).getByLabelText('Also delete the audit log'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete usage data' }));
    await screen.findByText('Usage data deleted.');
    expect(sent(send as never, 'usage.deleteAll')).toEqual([{ confirm: 'DELETE USAGE DATA', includeAudit: true }]);
  });

  test('chart labels, legend and grid lines take the page’s chart colours, and follow a switch to dark', async () => {
    const scheme = new EventTarget() as EventTarget & { matches: boolean; media: string };
    Object.assign(scheme, { matches: false, media: '(prefers-color-scheme: dark)' });
    vi.stubGlobal('matchMedia', (query: string) => (query === '(prefers-color-scheme: dark)' ? scheme : new EventTarget()));
    const root = document.documentElement.style;
    root.setProperty('--chart-text', '#3d4450');
    root.setProperty('--chart-grid', '#d5dae2');
    try {
      renderUsage(<UsageView db={await seeded()} now={() => NOW} />);
      await waitFor(() => expect(charts.length).toBeGreaterThanOrEqual(2));
      for (const chart of charts.slice(-2)) {
        expect(chart.options?.color).toBe('#3d4450');
        expect(chart.options?.plugins?.legend?.labels?.color).toBe('#3d4450');
        expect(Object.values(chart.options?.scales ?? {}).map((scale) => [scale.ticks?.color, scale.grid?.color])).toEqual([
          ['#3d4450', '#d5dae2'],
          ['#3d4450', '#d5dae2'],
        ]);
      }
      const drawn = charts.length;
      // The system turns dark: the tokens resolve to the dark values and the charts are drawn again.
      root.setProperty('--chart-text', '#c9cfd8');
      root.setProperty('--chart-grid', '#3a404b');
      scheme.matches = true;
      act(() => {
        scheme.dispatchEvent(new Event('change'));
      });
      await waitFor(() => expect(charts.length).toBeGreaterThanOrEqual(drawn + 2));
      for (const chart of charts.slice(-2)) {
        expect(chart.options?.color).toBe('#c9cfd8');
        expect(Object.values(chart.options?.scales ?? {}).every((scale) => scale.ticks?.color === '#c9cfd8' && scale.grid?.color === '#3a404b')).toBe(true);
      }
    } finally {
      root.removeProperty('--chart-text');
      root.removeProperty('--chart-grid');
      vi.unstubAllGlobals();
    }
  });

  test('with nothing recorded yet it says how usage comes, and draws no empty charts', async () => {
    renderUsage(<UsageView db={new UsageDexie(`usage-view-empty-${++counter}`)} now={() => NOW} />);
    expect(await screen.findByText('No usage yet. Chat from the popup or the side panel with one of your keys; the tokens and the cost of every call show up here.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Charts' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Daily totals (CSV)' })).toBeNull();
    // The audit log is empty too, and says so instead of a report of zeros.
    expect(await screen.findByText(/^No audit entries in this range\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Audit log (CSV)' })).toBeNull();
  });
});
