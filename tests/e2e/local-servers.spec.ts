// First: the extension's English texts for anything that loads wxt/browser in this test process (see the fixture).
import '../fixtures/english-i18n';
import { test, expect, openExtensionPage } from './fixtures/test';
import type { LaunchedExtension } from './fixtures/launch';
import { launchExtension } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { chatOverPort } from './fixtures/chat-port';
import { killWorker } from './fixtures/worker';
import { servePages } from './pages/serve';
import { startOllamaStandIn, type OllamaStandIn } from '../mock-provider/local-servers';

/**
 * Issue 17, item 1: a local server that refuses browser extensions, as Ollama does by default,
 * answers the extension with no change to its settings, and still refuses web pages.
 */

const PASSPHRASE = 'e2e local servers passphrase 17';

/** How many declarativeNetRequest session rules the extension has, read in its worker. */
async function sessionRuleCount(ext: LaunchedExtension): Promise<number> {
  const worker = ext.context.serviceWorkers().find((each) => each.url().startsWith(`chrome-extension://${ext.extensionId}/`));
  if (!worker) throw new Error('no worker');
  return worker.evaluate(async () => {
    const dnr = (globalThis as unknown as { chrome: { declarativeNetRequest: { getSessionRules(): Promise<unknown[]> } } }).chrome.declarativeNetRequest;
    return (await dnr.getSessionRules()).length;
  });
}

let ollama: OllamaStandIn;
test.beforeEach(async () => {
  ollama = await startOllamaStandIn();
});
test.afterEach(async () => {
  await ollama.close();
});

test('a chat with Ollama works through a server that refuses extension origins, with no setting changed', async ({ optionsPage, ext }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  const key = await call(optionsPage, 'keys.add', { provider: 'ollama', label: 'Ollama', secret: {}, settings: { baseUrl: ollama.url } });

  // The premise: the stand-in refuses this extension's origin, as Ollama does.
  // (A POST: Chromium sends an extension's Origin on it even with host access; a page in a tab is no rule's concern.)
  const refused = await optionsPage.evaluate(async (url) => (await fetch(`${url}/api/chat`, { method: 'POST', body: '{}' })).status, ollama.url);
  expect(refused, 'the options page itself (a tab, not the worker) still sends its Origin and is refused').toBe(403);
  expect(ollama.requests.at(-1)?.origin).toBe(`chrome-extension://${ext.extensionId}`);

  const test = await call(optionsPage, 'keys.test', { id: key.id });
  expect(test.result).toBe('works');
  const messages = await chatOverPort(optionsPage, key.id, 'Hello', 'llama3.2');
  expect(messages.at(-1)?.type, JSON.stringify(messages.at(-1))).toBe('done');
  expect(messages.at(-1)?.answer?.text).toContain('Bonjour');
  const fromWorker = ollama.requests.slice(1);
  expect(fromWorker.length).toBeGreaterThanOrEqual(2);
  for (const request of fromWorker) {
    expect(request.origin, `${request.method} ${request.path} went without the extension's Origin`).toBeUndefined();
    expect(request.status).toBe(200);
  }

  // After a worker restart the session rules are still there (and rebuilt anyway).
  await killWorker(ext.context, optionsPage);
  const again = await chatOverPort(optionsPage, key.id, 'Hello again', 'llama3.2');
  expect(again.at(-1)?.type).toBe('done');

  // Deleting the key takes its rule away: the worker's request carries its Origin again and is refused.
  await call(optionsPage, 'keys.delete', { id: key.id });
  const draft = await call(optionsPage, 'keys.test', { draft: { provider: 'custom', secret: {}, settings: { baseUrl: 'https://example.invalid/v1' } } });
  expect(draft.result).not.toBe('works');
  expect(await sessionRuleCount(ext), 'no rule is left once no key names the server').toBe(0);
});

test('a web page’s request to the same server still carries its Origin and is refused', async () => {
  // A site whose origin Ollama does not allow: this computer under another name (site.test). With
  // every site granted (as after turning the selection toolbar on): host access alone would let a
  // rule without the extension-only conditions act on the page's requests too.
  const ext = await launchExtension({ grant: 'all', extraArgs: ['--host-resolver-rules=MAP site.test 127.0.0.1'] });
  const pages = await servePages();
  try {
    const optionsPage = await openExtensionPage(ext, 'options');
    await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
    await call(optionsPage, 'keys.add', { provider: 'ollama', label: 'Ollama', secret: {}, settings: { baseUrl: ollama.url } });
    expect(await sessionRuleCount(ext), 'the rule for the saved server is in place').toBe(1);
    const page = await ext.context.newPage();
    await page.goto(pages.url('article.html').replace('127.0.0.1', 'site.test'));
    const outcomes = await page.evaluate(async (url) => {
      const attempt = async (init?: RequestInit) => {
        try {
          return `status ${(await fetch(init ? `${url}/api/chat` : `${url}/api/tags`, init)).status}`;
        } catch {
          return 'refused';
        }
      };
      return [await attempt(), await attempt({ method: 'POST', body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }) })];
    }, ollama.url);
    expect(outcomes).toEqual(['refused', 'refused']);
    const fromPage = ollama.requests.filter((request) => request.origin?.startsWith('http://site.test:'));
    expect(fromPage.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(['GET /api/tags 403', 'POST /api/chat 403']);
  } finally {
    await pages.close();
    await ext.removeProfile();
  }
});
