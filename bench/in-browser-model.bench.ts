/**
 * Benchmark 10, the in-browser model (issue 17), with the tests' tiny model (scripts/make-tiny-model.mjs)
 * downloaded from the stand-in Hub (tests/fixtures/hub-server.ts) through the options page. On
 * WebAssembly: headless Chromium has no WebGPU. Results go to bench/results/*.json; bench/report.mjs
 * puts them in BENCHMARKS.md.
 * - time to first token from the cache: the model's page closed before each question (as after its
 *   idle minutes), so the time holds opening the page, loading the runtime and the model from Cache
 *   Storage (checked against its manifest) and the first step; baseline: the same question with the
 *   page open and the model loaded, same run;
 * - tokens per second while streaming 256 tokens (informational: the tiny model says nothing of a real one's speed);
 * - the memory of the model's page after answering: its V8 heap and the ArrayBuffer backing stores V8
 *   reports (CDP Runtime.getHeapUsage on the offscreen document's target).
 */
import { test, type Page } from '@playwright/test';
import { launchExtension, waitForExtensionWorker } from '../tests/e2e/fixtures/launch';
import { openExtensionPage } from '../tests/e2e/fixtures/test';
import { startHub, TINY_MODEL } from '../tests/fixtures/hub-server';
import { reps, saveResult, stats } from './lib';

interface Timing {
  firstMs: number;
  doneMs: number;
  outputTokens: number;
  status: string;
}

declare const chrome: {
  runtime: { connect(info: { name: string }): { postMessage(message: unknown): void; disconnect(): void; onMessage: { addListener(listener: (message: { type: string; answer?: { status: string; usage?: { outputTokens: number } } }) => void): void } }; getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
  alarms: { create(name: string, info: { when: number }): Promise<void> };
};

/** Asks the in-browser model over the chat port; times the first delta and the end, in the page. */
function ask(page: Page, maxTokens: number): Promise<Timing> {
  return page.evaluate(
    ([model, tokens]) =>
      new Promise<Timing>((resolve) => {
        const port = chrome.runtime.connect({ name: 'keyward.chat' });
        const started = performance.now();
        let firstMs = NaN;
        port.onMessage.addListener((message) => {
          if (message.type === 'delta' && Number.isNaN(firstMs)) firstMs = performance.now() - started;
          if (message.type === 'done' || message.type === 'error') {
            port.disconnect();
            resolve({ firstMs, doneMs: performance.now() - started, outputTokens: message.answer?.usage?.outputTokens ?? 0, status: message.answer?.status ?? message.type });
          }
        });
        port.postMessage({ type: 'start', requestId: crypto.randomUUID(), targets: [{ keyId: null, model }], messages: [{ role: 'user', content: 'Hello there, tell me a story.' }], maxTokens: tokens });
      }),
    [TINY_MODEL, maxTokens] as const,
  );
}

test('10 in-browser model: first token from the cache, tokens per second, memory of its page', async () => {
  test.setTimeout(600_000);
  const ext = await launchExtension({ grant: 'local' });
  const hub = await startHub();
  try {
    const options = await openExtensionPage(ext, 'options');
    const section = options.getByRole('region', { name: 'On this device' });
    await section.getByText('Another model from the Hub').first().click();
    await section.getByLabel('Another model from the Hub').fill(TINY_MODEL);
    await section.getByLabel('Download from').fill(hub.url);
    await section.locator('details').getByRole('button', { name: 'Download' }).click();
    await section.getByText('tiny-chat is ready').waitFor({ timeout: 60_000 });
    const worker = await waitForExtensionWorker(ext.context);
    const pageOpen = () => worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0);
    const closeModelPage = async () => {
      await worker.evaluate(() => chrome.alarms.create('keyward.model-host.idle', { when: Date.now() + 50 }));
      for (let i = 0; i < 200 && (await pageOpen()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    // Warm-up: the first load ever compiles the runtime's WebAssembly (also cached by the browser afterwards).
    await ask(options, 8);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < reps(7); i++) {
      await closeModelPage();
      const first = await ask(options, 8);
      if (first.status !== 'complete') throw new Error(`the cold question ended ${first.status}`);
      cold.push(first.firstMs);
      const again = await ask(options, 8);
      warm.push(again.firstMs);
    }
    const rates: number[] = [];
    for (let i = 0; i < reps(5); i++) {
      const long = await ask(options, 256);
      rates.push((long.outputTokens - 1) / ((long.doneMs - long.firstMs) / 1000));
    }

    // The model page's heap, from its own DevTools target (reached through a page's CDP session).
    const cdp = await ext.context.newCDPSession(options);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; url: string }[] };
    const target = targetInfos.find((info) => info.url.endsWith('/model-host.html'));
    let heap: { usedSize: number; totalSize: number; backingStorageSize?: number } | undefined;
    if (target) {
      const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
      heap = await new Promise((resolve) => {
        cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
          const reply = JSON.parse(event.message) as { id?: number; result?: { usedSize: number; totalSize: number; backingStorageSize?: number } };
          if (event.sessionId === sessionId && reply.id === 1) resolve(reply.result);
        });
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
        setTimeout(() => resolve(undefined), 10_000);
      });
    }
    const mb = (bytes: number) => bytes / 1024 / 1024;
    saveResult('in-browser-model', [
      {
        order: 10.1,
        name: 'In-browser model: first token from the cache (tiny model, WebAssembly, model page closed before each)',
        unit: 'ms',
        value: stats(cold),
        baselineName: 'model page open and loaded',
        baseline: stats(warm),
        goal: 'informational',
        met: null,
        note: 'opens the offscreen document, loads the runtime (25.6 MiB WebAssembly from the extension) and the model from Cache Storage, checks its SHA-256, first step',
      },
      {
        order: 10.2,
        name: 'In-browser model: tokens per second on WebAssembly (tiny model, 256 tokens)',
        unit: 'tok/s',
        value: stats(rates),
        goal: 'informational',
        met: null,
        note: 'the tiny test model (0.3 MB, no attention): says how fast the path is, not how fast a real model is',
      },
      ...(heap
        ? [
            {
              order: 10.3,
              name: 'In-browser model: memory of its page after answering (V8 heap + ArrayBuffer backing stores)',
              unit: 'MB',
              value: stats([mb(heap.usedSize + (heap.backingStorageSize ?? 0))]),
              goal: 'informational',
              met: null,
              note: `heap ${mb(heap.usedSize).toFixed(1)} MB, backing stores ${mb(heap.backingStorageSize ?? 0).toFixed(1)} MB as V8 reports them (the runtime's WebAssembly memory may not be among them); the page is closed after 5 idle minutes`,
            },
          ]
        : []),
    ]);
  } finally {
    await hub.close();
    await ext.removeProfile();
  }
});
