/**
 * Providers misbehaving, through the real popup chat against the mock provider: a slow drip, garbage
 * bytes, a 200 with an HTML page, a connection dropped mid-answer, a stream that never ends and a
 * huge answer. Each must end in a clear state (complete, an error in words, or stopped with what
 * arrived kept) within a bounded time, and the worker's memory must stay bounded.
 */
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { readRows } from '../e2e/fixtures/indexeddb';
import { serviceWorkerTarget } from '../e2e/fixtures/heap';
import { watchHeapUsage } from '../e2e/fixtures/heap-usage';
import { type Scenario } from '../mock-provider/server';
import { sharedMockProvider } from '../e2e/fixtures/shared-mock';
import { pickModel } from '../e2e/fixtures/ui-steps';

const PASSPHRASE = 'misbehaving providers passphrase 42';
const ANSWER_START = 'Holiday Name:';
const ANSWER_END = 'mutual respect.';

const mock = sharedMockProvider(test);

async function openChat(ext: Parameters<typeof openExtensionPage>[0], optionsPage: Page): Promise<Page> {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eMISBEHAVEkey0123456789abcd' }, settings: { baseUrl: `${mock.url}/v1` } });
  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  return popup;
}

async function ask(popup: Page, text: string) {
  const box = popup.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeEditable();
  await box.fill(text);
  await box.press('Enter');
  await expect(popup.getByText(text, { exact: true })).toBeVisible();
  return popup.getByRole('article', { name: 'Assistant' }).last();
}

async function savedAnswers(page: Page) {
  return (await readRows(page, 'keyward-chat', 'messages'))
    .map((row) => row.value as { role: string; startedAt: number; status?: string; text: string; finishReason?: string; error?: { kind: string; message: string } })
    .filter((row) => row.role === 'assistant')
    .sort((a, b) => a.startedAt - b.startedAt);
}

const UNREADABLE = "OpenAI sent an answer the extension could not read (HTTP 200). If you use a proxy or a custom address, check that it points to the provider's API.";

interface Case {
  scenario: Scenario;
  options?: { chunkDelayMs?: number };
  status: 'complete' | 'failed';
  /** The error kind saved with a failed answer. */
  kind?: string;
  /** Text the answer must show: its last words, or the error in words. */
  shows: string;
  /** What arrived before the failure stays on the page and on disk. */
  keepsPartialText?: boolean;
  /** How long it may take to reach that state. */
  withinMs: number;
}

const CASES: Case[] = [
  // About 300 events, each cut in two: a slow answer that still completes.
  { scenario: 'slow-drip', options: { chunkDelayMs: 15 }, status: 'complete', shows: ANSWER_END, withinMs: 30_000 },
  { scenario: 'garbage', status: 'failed', kind: 'bad-response', shows: UNREADABLE, withinMs: 10_000 },
  { scenario: 'html-200', status: 'failed', kind: 'bad-response', shows: UNREADABLE, withinMs: 10_000 },
  { scenario: 'drop-mid-stream', options: { chunkDelayMs: 5 }, status: 'failed', kind: 'network', shows: 'Could not reach OpenAI.', keepsPartialText: true, withinMs: 10_000 },
];

test('slow drip, garbage, an HTML page with 200, a dropped connection: each ends clearly and quickly', async ({ ext, optionsPage }) => {
  const popup = await openChat(ext, optionsPage);
  for (const [index, testCase] of CASES.entries()) {
    await test.step(testCase.scenario, async () => {
      mock.setScenario(testCase.scenario, testCase.options);
      const started = Date.now();
      const answer = await ask(popup, `Question ${index + 1}: ${testCase.scenario}`);
      await expect(answer).toHaveAttribute('data-status', testCase.status, { timeout: testCase.withinMs });
      expect(Date.now() - started).toBeLessThan(testCase.withinMs);
      if (testCase.status === 'failed') await expect(answer.getByRole('alert')).toContainText(testCase.shows);
      else await expect(answer).toContainText(testCase.shows);
      const saved = (await savedAnswers(popup)).at(-1);
      const savedState = JSON.stringify({ status: saved?.status, error: saved?.error });
      expect(saved?.status, savedState).toBe(testCase.status);
      expect(saved?.error?.kind, savedState).toBe(testCase.kind);
      if (testCase.keepsPartialText) {
        await expect(answer).toContainText(ANSWER_START);
        expect(saved?.text.length).toBeGreaterThan(0);
      }
    });
  }
  // The chat still works after all of that.
  mock.setScenario('normal');
  const last = await ask(popup, 'And now a normal one');
  await expect(last).toHaveAttribute('data-status', 'complete');
  await expect(last).toContainText(ANSWER_END);
});

test('a stream that never ends: Stop ends it at once, and what arrived is kept', async ({ ext, optionsPage }) => {
  const popup = await openChat(ext, optionsPage);
  mock.setScenario('never-ends');
  const answer = await ask(popup, 'Never ending');
  await expect(answer).toContainText(ANSWER_START);
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  const stopped = Date.now();
  await popup.getByRole('button', { name: 'Stop' }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  expect(Date.now() - stopped).toBeLessThan(5_000);
  await expect(answer.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(answer.getByRole('button', { name: 'Continue' })).toBeVisible();
  const saved = (await savedAnswers(popup)).at(-1);
  expect(saved?.status).toBe('stopped');
  expect(saved?.text).toContain(ANSWER_START.replace(':', ''));
});

/** The worker may grow by this much while a huge answer streams: a 1,000,000-character answer is about 1 MB. */
const HEAP_GROWTH_LIMIT_BYTES = 24 * 1024 * 1024;

test('a huge answer: cut at the size limit with a clear message, the worker heap stays bounded', async ({ ext, optionsPage }) => {
  const popup = await openChat(ext, optionsPage);
  // Back to back (no pause between samples): the answer is cut in a fraction of a second, and a peak
  // between samples would go unseen.
  const heap = await watchHeapUsage(ext.debuggingPort, serviceWorkerTarget(ext.extensionId), 0);
  const baseline = await heap.sample();
  // 20 MB of text, sent as fast as the extension reads it.
  mock.setScenario('huge');
  const started = Date.now();
  const answer = await ask(popup, 'Say everything');
  const ended = await expect(answer)
    .toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
    .then(() => true, () => false);
  const tookMs = Date.now() - started;
  const { peakUsedBytes, samples } = await heap.stop();
  test.info().annotations.push({ type: 'huge answer', description: `${tookMs} ms; worker heap ${baseline} B before, peak ${peakUsedBytes} B (${samples} samples)` });
  expect(samples).toBeGreaterThan(3);
  expect(peakUsedBytes - baseline, 'worker heap growth while the huge answer streamed').toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
  expect(ended, 'the answer ended within 30 s').toBe(true);

  await expect(answer.getByRole('alert')).toHaveText('The answer passed 1,000,000 characters and was cut off there. What arrived is kept.');
  await expect(answer.getByText('Cut off at the length limit')).toBeVisible();
  const saved = (await savedAnswers(popup)).at(-1);
  expect(saved).toMatchObject({ status: 'complete', finishReason: 'length', error: { kind: 'answer-too-long' } });
  expect(saved?.text.length).toBeGreaterThanOrEqual(1_000_000);
  expect(saved?.text.length).toBeLessThan(1_100_000);
});
