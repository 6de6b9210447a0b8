/**
 * Issue 19's collection benchmark: a generated 300-page PDF added to a collection in the options
 * page's Knowledge tab and indexed (read with pdf.js, chunked by page, embedded through the mock
 * provider's embeddings, which answer at once, and stored) → the item "Ready"; meanwhile the user
 * types in the side panel's composer, and every task over 50 ms in either page is recorded
 * (PerformanceObserver 'longtask'). Extension pages share one renderer process, so the indexing
 * page's long tasks would be the typing page's too; both are observed.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchExtension } from '../tests/e2e/fixtures/launch';
import { openExtensionPage } from '../tests/e2e/fixtures/test';
import { call } from '../tests/e2e/fixtures/messaging';
import { writeStorage } from '../tests/e2e/fixtures/storage';
import { makePdf } from '../tests/fixtures/make-pdf';
import { startMockProvider, type MockProvider } from '../tests/mock-provider/server';
import { reps, saveResult, stats } from './lib';

const PASSPHRASE = 'benchmark passphrase 42 correct horse';
const PAGES = 300;

interface Probe {
  benchLongTasks: { start: number; duration: number }[];
  benchReadyAt?: number;
  benchStartAt?: number;
  benchConfirmAt?: number;
  benchKeys?: number[];
}

interface Run {
  readyMs: number;
  chunks: number;
  keys: number;
  longTasks: { page: string; at: number; ms: number }[];
  visibility: string;
}

function observeLongTasks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as Probe;
    w.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
}

async function once(mock: MockProvider): Promise<Run> {
  const ext = await launchExtension();
  try {
    const options = await openExtensionPage(ext, 'options');
    await call(options, 'vault.create', { passphrase: PASSPHRASE });
    const key = await call(options, 'keys.add', { provider: 'openai', label: 'Bench', secret: { apiKey: 'sk-proj-benchKEY0123456789abcdefghij' }, settings: { baseUrl: `${mock.url}/v1` } });
    await writeStorage(options, 'local', 'lastTargets', [{ keyId: key.id, model: 'gpt-4.1-nano' }]);
    await options.goto(`chrome-extension://${ext.extensionId}/options.html#knowledge`);
    await options.reload();
    const form = options.getByRole('form', { name: 'New collection' });
    await expect(form.getByRole('combobox', { name: 'Embedding model' })).toBeEnabled({ timeout: 20_000 });
    await form.getByRole('textbox', { name: 'Name' }).fill('Bench');
    await form.getByRole('button', { name: 'Create collection' }).click();
    const card = options.getByRole('article', { name: 'Collection Bench' });
    await expect(card).toBeVisible();

    const pages = Array.from({ length: PAGES }, (_, page) => [`Page ${page + 1} of the harbour board report`, ...Array.from({ length: 30 }, (_, line) => `Line ${line + 1}: tides, dredging, pilots and the accounts of the year ${1900 + page}, in plain words.`)]);
    const pdf = Buffer.from(makePdf(pages));
    await options.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      (window as unknown as { benchPdf: File }).benchPdf = new File([bytes], 'report.pdf', { type: 'application/pdf' });
    }, pdf.toString('base64'));

    const panel = await openExtensionPage(ext, 'sidepanel');
    const box = panel.getByRole('textbox', { name: 'Message' });
    await box.click();
    const visibility = `options ${await options.evaluate(() => document.visibilityState)}, panel ${await panel.evaluate(() => document.visibilityState)}`;
    await panel.waitForTimeout(1_000);
    await observeLongTasks(panel);
    await observeLongTasks(options);
    await panel.evaluate(() => {
      const w = window as unknown as Probe;
      w.benchKeys = [];
      document.addEventListener('keydown', () => w.benchKeys?.push(performance.timeOrigin + performance.now()), true);
    });
    // In the options page: the cost question (a paid model) is answered the moment it shows; "Ready" is noted when seen.
    await options.evaluate(() => {
      const w = window as unknown as Probe;
      const observer = new MutationObserver(() => {
        const go = [...document.querySelectorAll('dialog button')].find((button) => button.textContent === 'Index') as HTMLButtonElement | undefined;
        if (go && w.benchConfirmAt === undefined) {
          w.benchConfirmAt = performance.now();
          go.click();
        }
        const item = document.querySelector('.collection-item[data-status="ready"]');
        if (item && /Ready: \d+ parts/.test(item.textContent ?? '')) {
          w.benchReadyAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    });

    let indexing = true;
    let typed = '';
    const typing = (async () => {
      while (indexing) {
        const word = `word${typed.length} `;
        await box.pressSequentially(word, { delay: 15 });
        typed += word;
      }
    })();
    await panel.waitForFunction(() => ((window as unknown as Probe).benchKeys?.length ?? 0) >= 3);
    // The file goes in as the picker would hand it over (a change event on the card's file input).
    const startedAt = await options.evaluate(() => {
      const w = window as unknown as Probe & { benchPdf: File };
      const input = document.querySelector('.collection input[type="file"]') as HTMLInputElement;
      const data = new DataTransfer();
      data.items.add(w.benchPdf);
      input.files = data.files;
      w.benchStartAt = performance.now();
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return performance.timeOrigin + w.benchStartAt;
    });
    await options.waitForFunction(() => (window as unknown as Probe).benchReadyAt !== undefined, undefined, { timeout: 120_000, polling: 250 });
    indexing = false;
    await typing;
    await expect(box).toHaveValue(typed);
    const done = await options.evaluate(() => {
      const w = window as unknown as Probe;
      return { ready: w.benchReadyAt ?? NaN, start: w.benchStartAt ?? NaN, origin: performance.timeOrigin, tasks: w.benchLongTasks, text: document.querySelector('.collection-item')?.textContent ?? '' };
    });
    const panelSide = await panel.evaluate(() => {
      const w = window as unknown as Probe;
      return { origin: performance.timeOrigin, tasks: w.benchLongTasks, keys: w.benchKeys ?? [] };
    });
    const endAt = done.origin + done.ready;
    const inWindow = (origin: number, task: { start: number; duration: number }) => origin + task.start + task.duration >= startedAt && origin + task.start <= endAt;
    const longTasks = [
      ...done.tasks.filter((task) => inWindow(done.origin, task)).map((task) => ({ page: 'options', at: Math.round(done.origin + task.start - startedAt), ms: Math.round(task.duration) })),
      ...panelSide.tasks.filter((task) => inWindow(panelSide.origin, task)).map((task) => ({ page: 'panel', at: Math.round(panelSide.origin + task.start - startedAt), ms: Math.round(task.duration) })),
    ];
    const chunks = Number(/Ready: (\d+) parts/.exec(done.text)?.[1] ?? NaN);
    return { readyMs: done.ready - done.start, chunks, keys: panelSide.keys.filter((at) => at >= startedAt && at <= endAt).length, longTasks, visibility };
  } finally {
    await ext.close();
  }
}

test('13 collections: indexing a 300-page PDF while typing', async () => {
  const mock = await startMockProvider();
  try {
    const runs: Run[] = [];
    for (let i = 0; i < reps(3); i++) runs.push(await once(mock));
    const first = runs[0] as Run;
    saveResult('13-collections', [
      {
        order: 13,
        name: `Collections: a generated ${PAGES}-page PDF added to a collection → indexed and "Ready" (pdf.js text by page, ${first.chunks} chunks, embedded through the mock provider answering at once, stored)`,
        unit: 'ms',
        value: stats(runs.map((run) => run.readyMs)),
        goal: 'under 20,000 ms (issue 19)',
        met: runs.every((run) => run.readyMs < 20_000),
        note: `file handed to the card's input → MutationObserver sees the item "Ready"; the cost question of the mock key's paid model answered the moment it shows; wall-clock on a shared machine; pages: ${first.visibility}`,
      },
      {
        order: 13.1,
        name: `Collections: tasks over 50 ms in the side panel and the indexing options page while that PDF is indexed and the user types in the side panel's composer`,
        unit: 'tasks',
        value: stats(runs.map((run) => run.longTasks.length)),
        goal: 'none (0 in every run; issue 19)',
        met: runs.every((run) => run.longTasks.length === 0),
        note: `keys pressed meanwhile median ${stats(runs.map((run) => run.keys)).median}; long tasks per run (page, ms after the file was given, duration): ${runs.map((run) => JSON.stringify(run.longTasks.map((task) => [task.page, task.at, task.ms]))).join(' ')}; PerformanceObserver 'longtask', wall-clock, so a loaded machine lengthens them`,
      },
    ]);
  } finally {
    await mock.close();
  }
});
