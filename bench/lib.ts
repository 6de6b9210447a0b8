import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { build } from 'vite';
import { REPO_ROOT } from '../tests/e2e/fixtures/paths';

export const QUICK = process.env.BENCH_QUICK === '1';
/** Repetitions: the full count, or 1 in quick mode. */
export const reps = (full: number): number => (QUICK ? 1 : full);
export const RESULTS_DIR = path.resolve(process.env.BENCH_RESULTS ?? path.join(import.meta.dirname, 'results'));

export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
  p10: number;
  p90: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? NaN;
  const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2;
  return { n: sorted.length, median: mid ?? NaN, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN, p10: at(0.1), p90: at(0.9) };
}

export interface Row {
  /** Order in the table. */
  order: number;
  name: string;
  unit: string;
  value: Stats;
  baselineName?: string;
  baseline?: Stats;
  goal: string;
  /** null: informational, no goal. */
  met: boolean | null;
  note?: string;
  /** Measured in Firefox (bench/firefox.bench.ts): BENCHMARKS.md lists these in their own table. */
  browser?: 'firefox';
}

export function saveResult(file: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${file}.json`), JSON.stringify({ rows, ...extra }, null, 2));
  for (const row of rows) {
    const base = row.baseline ? ` | baseline ${row.baselineName}: median ${row.baseline.median.toFixed(2)}` : '';
    // eslint-disable-next-line no-console -- progress of the benchmark run
    console.log(`[bench] ${row.name}: median ${row.value.median.toFixed(2)} ${row.unit} (min ${row.value.min.toFixed(2)}, max ${row.value.max.toFixed(2)}, n=${row.value.n})${base} goal ${row.goal}: ${row.met === null ? 'n/a' : row.met ? 'met' : 'NOT met'}`);
  }
}

/** A tiny MV3 extension: a worker that answers every message, and a page with a composer textarea. */
export async function createEmptyExtension(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'keyward-bench-empty-'));
  const manifest = { manifest_version: 3, name: 'Bench empty', version: '1.0.0', background: { service_worker: 'empty.js' } };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dir, 'empty.js'), `chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ ok: true, data: { echo: message && message.type } }); });\n`);
  await writeFile(path.join(dir, 'page.html'), `<!doctype html><html><head><meta charset="utf-8"><title>Empty</title></head><body><form><textarea aria-label="Message" rows="2"></textarea><button type="submit">Send</button></form></body></html>\n`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The id of the extension whose worker script is at `scriptPath`. */
export async function extensionIdByWorker(context: BrowserContext, scriptPath: string, timeoutMs = 20_000): Promise<string> {
  const matches = (worker: Worker) => {
    const url = new URL(worker.url());
    return url.protocol === 'chrome-extension:' && url.pathname === scriptPath;
  };
  const worker = context.serviceWorkers().find(matches) ?? (await context.waitForEvent('serviceworker', { predicate: matches, timeout: timeoutMs }));
  return new URL(worker.url()).host;
}

/** Time of one chrome.runtime.sendMessage round trip, measured inside the page. */
export function timedSend(page: Page, message: unknown): Promise<{ ms: number; reply: unknown }> {
  return page.evaluate(async (envelope) => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime;
    const started = performance.now();
    const reply = await runtime.sendMessage(envelope);
    return { ms: performance.now() - started, reply };
  }, message);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TypeScript module bundled by Vite as one script (IIFE) that, evaluated in a page, sets `globalThis[name]` to its exports. */
export async function bundleForPage(entry: string, name: string): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'keyward-bench-bundle-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      resolve: { alias: { '@': REPO_ROOT } },
      build: { outDir, minify: false, emptyOutDir: true, lib: { entry, formats: ['iife'], name, fileName: () => 'bundle.js' } },
    });
    return await readFile(path.join(outDir, 'bundle.js'), 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** In the page before its scripts: records `performance.now()` when the "Message" composer is visible and enabled. */
const COMPOSER_PROBE = () => {
  const w = window as unknown as { __benchReadyAt?: number };
  const check = () => {
    if (w.__benchReadyAt !== undefined) return;
    const box = document.querySelector('textarea[aria-label="Message"]') as HTMLTextAreaElement | null;
    if (box && !box.disabled && box.getClientRects().length > 0 && getComputedStyle(box).visibility !== 'hidden') {
      w.__benchReadyAt = performance.now();
      return;
    }
    requestAnimationFrame(check);
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  requestAnimationFrame(check);
};

/** Opens `url` in `page` and returns the time from navigation start to an interactive composer (as benchmark 5 measures it). */
export async function timeToComposer(page: Page, url: string): Promise<number> {
  await page.addInitScript(COMPOSER_PROBE);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __benchReadyAt?: number }).__benchReadyAt !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { __benchReadyAt: number }).__benchReadyAt);
}
