import type { CDPSession, Page } from '@playwright/test';
import { test as base, collectDiagnostics, expect, openExtensionPage, reportDiagnostics } from '../e2e/fixtures/test';
import { launchExtension } from '../e2e/fixtures/launch';
import { call } from '../e2e/fixtures/messaging';
import { turnToolbarOn } from '../e2e/fixtures/storage';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { probeConnect, probeSend, probeWorker, startLocalSite, type ProbeExtension, type LocalSite } from '../e2e/fixtures/foreign';
import { waitFor } from '../e2e/fixtures/worker';
import { probeExtensionFixture } from '../e2e/fixtures/per-test';

/**
 * Only this extension's own pages may use vault messages. Another extension, a web page, and even
 * our own content script are refused, while the vault is unlocked and has a key to steal.
 */
const key = keyCanary();
const passphrase = passphraseCanary();

const ATTEMPTS = [
  { channel: 'keyward', type: 'keys.list', payload: {} },
  { channel: 'keyward', type: 'vault.status', payload: {} },
  // With the right passphrase: only the sender stands in the way.
  { channel: 'keyward', type: 'vault.export', payload: { passphrase: passphrase.value } },
  { channel: 'keyward', type: 'vault.lock', payload: {} },
] as const;

interface SenderFixtures {
  probe: ProbeExtension;
  site: LocalSite;
  /** Our options page, with a vault that is unlocked and holds one key: something to steal. */
  page: Page;
  masked: string;
}

const test = base.extend<SenderFixtures>({
  probe: probeExtensionFixture,
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  site: async ({}, use) => {
    const site = await startLocalSite('<!doctype html><title>Some web page</title><p>Hello</p>');
    try {
      await use(site);
    } finally {
      await site.close();
    }
  },
  // The browser also loads the probe extension.
  ext: async ({ probe }, use, testInfo) => {
    // Access to all sites, as after turning the selection toolbar on: our content script runs only then.
    const ext = await launchExtension({ extraExtensions: [probe.dir], grant: 'all' });
    const diagnostics = collectDiagnostics(ext.context);
    try {
      await use(ext);
    } finally {
      await reportDiagnostics(testInfo, diagnostics());
      await ext.removeProfile();
    }
  },
  page: async ({ ext }, use) => {
    const page = await openExtensionPage(ext);
    await call(page, 'vault.create', { passphrase: passphrase.value });
    await turnToolbarOn(page);
    await use(page);
  },
  masked: async ({ page }, use) => {
    await use((await call(page, 'keys.add', { provider: 'openai', label: 'Target', secret: { apiKey: key.value }, settings: {} })).masked);
  },
});

/** Nothing that came back may carry data, the key, or even its masked form. */
function expectNoData(result: unknown, masked: string): void {
  const text = JSON.stringify(result ?? null);
  expect(text).not.toContain('"data"');
  expect(text).not.toContain('"ok":true');
  expect(text).not.toContain(key.core);
  expect(text).not.toContain(masked);
}

async function expectStillUnlockedWithKey(page: Page): Promise<void> {
  // vault.lock from a foreign sender must not have run either.
  expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
  expect((await call(page, 'keys.list', {})).keys).toHaveLength(1);
}

test('another extension cannot message the background (no onMessageExternal)', async ({ ext, page, masked }) => {
  const worker = await probeWorker(ext.context, ext.extensionId);
  for (const message of ATTEMPTS) {
    const sent = await probeSend(worker, ext.extensionId, message);
    expectNoData(sent, masked);
    expect(sent.reply).toBeUndefined();
    expect(sent.thrown).toMatch(/Could not establish connection/);

    const connected = await probeConnect(worker, ext.extensionId, message);
    expectNoData(connected, masked);
    expect(connected.received).toEqual([]);
    expect(connected.disconnected).toBe(true);
    expect(connected.error).toMatch(/Could not establish connection/);
  }
  await expectStillUnlockedWithKey(page);
});

test('a web page on 127.0.0.1 has no chrome.runtime to reach the extension with', async ({ ext, site, page, masked }) => {
  const web = await ext.context.newPage();
  await web.goto(`${site.origin}/page.html`);
  const results = await web.evaluate(
    async ([extensionId, messages]) => {
      type Runtime = { sendMessage(id: string, message: unknown): Promise<unknown> };
      const g = globalThis as unknown as { chrome?: { runtime?: Runtime } };
      const out: { runtimeType: string; attempts: { reply?: unknown; thrown?: string }[] } = { runtimeType: typeof g.chrome?.runtime, attempts: [] };
      for (const message of messages) {
        // What a page script would try; without chrome.runtime this throws a TypeError.
        const runtime = g.chrome?.runtime as Runtime;
        try {
          out.attempts.push({ reply: await runtime.sendMessage(extensionId, message) });
        } catch (error) {
          out.attempts.push({ thrown: String(error) });
        }
      }
      return out;
    },
    [ext.extensionId, ATTEMPTS] as const,
  );
  expect(results.runtimeType).toBe('undefined');
  expect(results.attempts).toHaveLength(ATTEMPTS.length);
  for (const attempt of results.attempts) {
    expectNoData(attempt, masked);
    expect(attempt.reply).toBeUndefined();
    expect(attempt.thrown).toMatch(/TypeError/);
  }
  await expectStillUnlockedWithKey(page);
});

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/** The isolated world in which our own content script (page-bridge.js) runs in a web page. */
async function contentScriptWorld(cdp: CDPSession, extensionId: string): Promise<number> {
  const contexts: ExecutionContext[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContext }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const ours = () => contexts.find((context) => context.auxData?.type === 'isolated' && context.origin === `chrome-extension://${extensionId}`);
  await waitFor(() => ours() !== undefined, 10_000, 'the content script world');
  return (ours() as ExecutionContext).id;
}

/** Runs a function, with one JSON argument, in the content script's world and returns its result. */
async function inContentScript<A, R>(cdp: CDPSession, contextId: number, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
  const { result, exceptionDetails } = (await cdp.send('Runtime.callFunctionOn', {
    functionDeclaration: fn.toString(),
    executionContextId: contextId,
    arguments: [{ value: arg }],
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: unknown }; exceptionDetails?: unknown };
  expect(exceptionDetails).toBeUndefined();
  return result.value as R;
}

interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  connect(info: { name: string }): {
    postMessage(message: unknown): void;
    disconnect(): void;
    onMessage: { addListener(listener: (message: unknown) => void): void };
    onDisconnect: { addListener(listener: () => void): void };
  };
}

/** Sends one runtime message; the same code runs in the content script and in the options page. */
async function trySend(message: unknown): Promise<{ reply?: unknown; thrown?: string }> {
  const runtime = (globalThis as unknown as { chrome: { runtime: RuntimeLike } }).chrome.runtime;
  try {
    return { reply: await runtime.sendMessage(message) };
  } catch (error) {
    return { thrown: String(error) };
  }
}

/** Opens the chat port and sends it a malformed request: our pages get an error answer, others are cut off. */
function tryChatPort(name: string): Promise<{ disconnected: boolean; received: unknown[] }> {
  const runtime = (globalThis as unknown as { chrome: { runtime: RuntimeLike } }).chrome.runtime;
  return new Promise((resolve) => {
    const received: unknown[] = [];
    const port = runtime.connect({ name });
    port.onMessage.addListener((message) => received.push(message));
    port.onDisconnect.addListener(() => resolve({ disconnected: true, received }));
    port.postMessage({ type: 'not-a-chat-message' });
    setTimeout(() => {
      port.disconnect();
      resolve({ disconnected: false, received });
    }, 3000);
  });
}

test('our own content script is refused vault messages and the chat port', async ({ ext, site, page, masked }) => {
  const web = await ext.context.newPage();
  await web.goto(`${site.origin}/article.html`);
  const cdp = await ext.context.newCDPSession(web);
  const contextId = await contentScriptWorld(cdp, ext.extensionId);

  for (const message of ATTEMPTS) {
    // Positive control: the very same code from the options page is answered.
    expect(await page.evaluate(trySend, message)).toMatchObject({ reply: { ok: true } });
    const result = await inContentScript(cdp, contextId, trySend, message);
    expectNoData(result, masked);
    expect(result).toMatchObject({ reply: { ok: false, error: { code: 'FORBIDDEN_SENDER' } } });
    if (message.type === 'vault.lock') await call(page, 'vault.unlock', { passphrase: passphrase.value });
  }

  const fromPage = await page.evaluate(tryChatPort, 'keyward.chat');
  expect(fromPage.received.length, 'positive control: the options page gets an answer on the chat port').toBeGreaterThan(0);
  const fromContentScript = await inContentScript(cdp, contextId, tryChatPort, 'keyward.chat');
  expect(fromContentScript).toEqual({ disconnected: true, received: [] });

  await cdp.detach();
  await expectStillUnlockedWithKey(page);
});
