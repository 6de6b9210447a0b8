/**
 * Issue 11, finding 9: a hostile server cannot fill the worker's memory. The mock sends a few real
 * words, then 150 MB that never end an SSE event: `data:` lines without the blank line, or one
 * endless `data:` line (before the fix: no event, and the worker heap grew by about 166 MB). Through
 * the real built extension, the answer must end with the clear 'response-too-large' error, keep the
 * words before it, and the worker's JS heap (sampled over CDP) must stay within HEAP_GROWTH_LIMIT.
 */
import { test as base, expect } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { chatOverPort } from '../e2e/fixtures/chat-port';
import { serviceWorkerTarget } from '../e2e/fixtures/heap';
import { watchHeapUsage } from '../e2e/fixtures/heap-usage';
import { mockProviderFixture } from '../e2e/fixtures/per-test';
import { readRows } from '../e2e/fixtures/indexeddb';
import { renderEnglish } from '../fixtures/messages';
import type { MockProvider } from '../mock-provider/server';

/** The parser holds at most 8 MB of an unfinished event; the rest is decoding garbage and slack. */
const HEAP_GROWTH_LIMIT_BYTES = 40 * 1024 * 1024;
const MESSAGE = /^OpenAI sent more than 8 MB without ending a message, so Keyward stopped reading it\./;

const test = base.extend<{ mock: MockProvider }>({ mock: mockProviderFixture });

test('150 MB that never ends an event: the answer fails clearly, keeps its first words, and the worker heap stays bounded', async ({ ext, optionsPage, mock }) => {
  await call(optionsPage, 'vault.create', { passphrase: 'hostile stream passphrase 42 horse' });
  const key = await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Hostile', secret: { apiKey: 'sk-proj-e2eHOSTILEkey0123456789abcdef' }, settings: { baseUrl: `${mock.url}/v1` } });

  for (const scenario of ['endless-event', 'endless-line'] as const) {
    await test.step(scenario, async () => {
      mock.setScenario(scenario);
      // Wakes the worker (if it slept) before the heap watcher attaches to it.
      await call(optionsPage, 'vault.status', {});
      const heap = await watchHeapUsage(ext.debuggingPort, serviceWorkerTarget(ext.extensionId), 50);
      const baseline = await heap.sample();
      const started = Date.now();
      const messages = await chatOverPort(optionsPage, key.id, `Tell me everything (${scenario})`);
      const tookMs = Date.now() - started;
      const { peakUsedBytes, samples } = await heap.stop();
      const growth = peakUsedBytes - baseline;
      test.info().annotations.push({ type: scenario, description: `${tookMs} ms; worker heap ${baseline} B before, peak ${peakUsedBytes} B (+${(growth / 1024 / 1024).toFixed(1)} MB, ${samples} samples)` });

      expect(samples).toBeGreaterThan(0);
      expect(growth, 'worker heap growth while the hostile stream was read').toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
      const last = messages.at(-1);
      expect(last, JSON.stringify(last?.error)).toMatchObject({ type: 'error', error: { kind: 'response-too-large' } });
      // The worker sends a phrase, never words; its English is what the page shows.
      expect(last?.error?.message).toBeUndefined();
      expect(renderEnglish(last?.error?.phrase)).toMatch(MESSAGE);

      const saved = (await readRows(optionsPage, 'keyward-chat', 'messages'))
        .map((row) => row.value as { role: string; startedAt: number; status: string; text: string; error?: { kind: string } })
        .filter((row) => row.role === 'assistant')
        .sort((a, b) => a.startedAt - b.startedAt)
        .at(-1);
      expect(saved).toMatchObject({ status: 'failed', text: '**Holiday Name:**', error: { kind: 'response-too-large' } });
    });
  }
  // One chat request each, none retried.
  expect(mock.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
});
