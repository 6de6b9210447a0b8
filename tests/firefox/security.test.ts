import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { startLocalSite, type LocalSite } from '../e2e/fixtures/foreign';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, sendRaw } from './fixtures/messaging';
import { createProbeAddon, type ProbeAddon } from './fixtures/probe-addon';
import { ADDON_ID } from './fixtures/paths';
import { chatPortFromContentScript, chatPortFromPage, sendFromContentScript, tabIdOf } from './fixtures/page-tools';

/**
 * Only Keyward's own pages reach its background. Another add-on, a web page and even our own
 * content script try, while the vault is unlocked and holds a key to steal; the same attempts from
 * our options page are answered (positive control).
 */

const key = keyCanary('SEC');
const passphrase = passphraseCanary();

const ATTEMPTS = [
  { channel: 'keyward', type: 'keys.list', payload: {} },
  { channel: 'keyward', type: 'vault.status', payload: {} },
  // With the right passphrase: only the sender stands in the way.
  { channel: 'keyward', type: 'vault.export', payload: { passphrase: passphrase.value } },
  { channel: 'keyward', type: 'vault.lock', payload: {} },
] as const;

let ff: LaunchedFirefox;
let probe: ProbeAddon;
let site: LocalSite;
let options: Page;
let masked: string;

beforeAll(async () => {
  probe = await createProbeAddon();
  site = await startLocalSite('<!doctype html><title>Some web page</title><p>Hello</p>');
  ff = await launchFirefox({ extraAddons: [probe] });
  options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: passphrase.value });
  masked = (await call(options, 'keys.add', { provider: 'openai', label: 'Target', secret: { apiKey: key.value }, settings: {} })).masked;
});

afterAll(async () => {
  await ff?.removeProfile();
  await probe?.remove();
  await site?.close();
});

/** Nothing that came back may carry data, the key, or even its masked form. */
function expectNoData(result: unknown): void {
  const text = JSON.stringify(result ?? null);
  expect(text).not.toContain('"data"');
  expect(text).not.toContain('"ok":true');
  expect(text).not.toContain(key.core);
  expect(text).not.toContain(masked);
}

async function expectStillUnlockedWithKey(): Promise<void> {
  expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
  expect((await call(options, 'keys.list', {})).keys).toHaveLength(1);
}

describe('Firefox: foreign senders', () => {
  test('another add-on cannot message the background or open its chat port', async () => {
    const page = await ff.openUrl(probe.pageUrl);
    for (const message of ATTEMPTS) {
      // Positive control: the same message from our own page is answered.
      if (message.type !== 'vault.lock') expect(await sendRaw(options, message)).toMatchObject({ ok: true });
      const result = await sendRaw(page, message, ADDON_ID, 5_000);
      expectNoData(result);
      expect(result).toHaveProperty('thrown');
    }
    const port = await page.evaluate(
      (target: string) =>
        new Promise<{ received: unknown[]; disconnected: boolean }>((resolve) => {
          interface Port {
            postMessage(message: unknown): void;
            onMessage: { addListener(listener: (message: unknown) => void): void };
            onDisconnect: { addListener(listener: () => void): void };
          }
          const runtime = (globalThis as unknown as { browser: { runtime: { connect(id: string, info: { name: string }): Port } } }).browser.runtime;
          const received: unknown[] = [];
          const opened = runtime.connect(target, { name: 'keyward.chat' });
          opened.onMessage.addListener((message) => received.push(message));
          opened.onDisconnect.addListener(() => resolve({ received, disconnected: true }));
          opened.postMessage({ type: 'attach', requestId: 'probe-attach-0001' });
          setTimeout(() => resolve({ received, disconnected: false }), 3_000);
        }),
      ADDON_ID,
    );
    expect(port).toEqual({ received: [], disconnected: true });
    await expectStillUnlockedWithKey();
    await page.close();
  });

  test('a web page on 127.0.0.1 has no extension API to reach it with and cannot read its files', async () => {
    const page = await ff.openUrl(`${site.origin}/`);
    const seen = await page.evaluate(async (origin: string) => {
      const api = globalThis as unknown as { browser?: unknown; chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown } } };
      const files: Record<string, string> = {};
      for (const file of ['manifest.json', 'background.js', 'options.html']) {
        try {
          const response = await fetch(`${origin}/${file}`);
          files[file] = `read ${response.status}: ${(await response.text()).slice(0, 40)}`;
        } catch (error) {
          files[file] = `refused: ${error instanceof Error ? error.name : 'error'}`;
        }
      }
      return {
        browser: typeof api.browser,
        sendMessage: typeof api.chrome?.runtime?.sendMessage,
        connect: typeof api.chrome?.runtime?.connect,
        files,
      };
    }, ff.origin);
    expect(seen).toMatchObject({ browser: 'undefined', sendMessage: 'undefined', connect: 'undefined' });
    for (const outcome of Object.values(seen.files)) expect(outcome).toMatch(/^refused/);
    await expectStillUnlockedWithKey();
    await page.close();
  });

  test('our own content script is refused vault messages and the chat port', async () => {
    const url = `${site.origin}/`;
    const page = await ff.openUrl(url);
    const tabId = await tabIdOf(options, url);
    // Positive control: from there, the one message meant for our content script is answered, so
    // the background does see our add-on's content script in a tab (not a stranger).
    expect(await sendFromContentScript(options, tabId, { channel: 'keyward', type: 'page.toolbarState', payload: {} })).toMatchObject({ reply: { ok: true } });
    for (const message of ATTEMPTS) {
      // Positive control: the very same message from the options page is answered.
      if (message.type !== 'vault.lock') expect(await sendRaw(options, message)).toMatchObject({ ok: true });
      const result = await sendFromContentScript(options, tabId, message);
      expectNoData(result);
      expect(result).toMatchObject({ reply: { ok: false, error: { code: 'FORBIDDEN_SENDER' } } });
    }
    const fromPage = await chatPortFromPage(options, 'keyward.chat');
    expect(fromPage.received.length, 'positive control: the options page gets an answer on the chat port').toBeGreaterThan(0);
    expect(await chatPortFromContentScript(options, tabId, 'keyward.chat')).toEqual({ disconnected: true, received: [] });
    await expectStillUnlockedWithKey();
    await page.close();
  });
});
