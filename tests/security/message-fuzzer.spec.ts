import type { Page, Worker } from '@playwright/test';
import { test as base, collectDiagnostics, expect, openExtensionPage, reportDiagnostics } from '../e2e/fixtures/test';
import { launchExtension } from '../e2e/fixtures/launch';
import { call } from '../e2e/fixtures/messaging';
import { turnToolbarOn } from '../e2e/fixtures/storage';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { probeWorker, startLocalSite, type LocalSite, type ProbeExtension } from '../e2e/fixtures/foreign';
import type { MockProvider } from '../mock-provider/server';
import { expectedOutcome, generateCases, type FuzzCase, type FuzzTargets } from './fuzz/messages';
import { connectBatchInBrowser, sendBatchInBrowser, type PortAttempt, type PortOutcome, type SendBatch, type SendOutcome } from './fuzz/in-browser';
import { fuzzSeed, Rng } from './fuzz/prng';
import { frameTree, PageWorlds } from './fuzz/worlds';
import { mockProviderFixture, probeExtensionFixture } from '../e2e/fixtures/per-test';

/**
 * Item 4 of issue 7: thousands of malformed and privileged runtime messages, and chat ports with
 * bad first messages, from our own content script, a cross-origin sub-frame, a web page and a
 * second extension, while the vault is unlocked and holds a canary key pointed at a local mock
 * provider (so a privileged call that got through would show: data in a reply, a request at the
 * mock, a changed vault). Every message must get the router's typed refusal, or provably never
 * reach the background; the worker must live through it (same instance) and still answer our
 * options page. Replay a failure with FUZZ_SEED=<seed printed below>.
 */

const key = keyCanary('FUZZ');
const passphrase = passphraseCanary();
const seed = fuzzSeed();
const REPLY_TIMEOUT_MS = 15_000;
const WORKER_MARKER = `fuzz-worker-${seed}`;

interface Fixtures {
  probe: ProbeExtension;
  mock: MockProvider;
  /** A plain page on one 127.0.0.1 port, framed by `site`. */
  frameSite: LocalSite;
  /** A page on another port that embeds `frameSite` in an iframe (cross-origin: another port). */
  site: LocalSite;
  /** Our options page; the vault is unlocked and holds the canary key. */
  options: Page;
  targets: FuzzTargets & { masked: string };
  /** Our background worker, marked so a restart would show. */
  worker: Worker;
}

const test = base.extend<Fixtures>({
  probe: probeExtensionFixture,
  mock: mockProviderFixture,
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  frameSite: async ({}, use) => {
    const site = await startLocalSite('<!doctype html><title>Framed</title><p>I am a sub-frame</p>');
    try {
      await use(site);
    } finally {
      await site.close();
    }
  },
  site: async ({ frameSite }, use) => {
    const site = await startLocalSite(`<!doctype html><title>Top</title><p>Top page</p><iframe id="sub" src="${frameSite.origin}/frame.html"></iframe>`);
    try {
      await use(site);
    } finally {
      await site.close();
    }
  },
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
  options: async ({ ext }, use) => {
    await use(await openExtensionPage(ext, 'options'));
  },
  targets: async ({ options, mock }, use) => {
    await call(options, 'vault.create', { passphrase: passphrase.value });
    await turnToolbarOn(options);
    const added = await call(options, 'keys.add', { provider: 'openai', label: 'Canary', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } });
    mock.reset();
    await use({ keyId: added.id, passphrase: passphrase.value, masked: added.masked });
  },
  worker: async ({ ext }, use) => {
    const worker = ext.context.serviceWorkers().find((candidate) => candidate.url() === `chrome-extension://${ext.extensionId}/background.js`);
    if (!worker) throw new Error('our service worker is not running');
    await worker.evaluate((marker) => Object.assign(globalThis, { __keywardFuzzMarker: marker }), WORKER_MARKER);
    await use(worker);
  },
});

test.beforeAll(() => {
  console.log(`message fuzzer seed: ${seed} (replay with FUZZ_SEED=${seed})`);
});

/** No secret, no masked key and no success in anything a refused sender got back. */
function expectNothingLeaked(value: unknown, targets: { masked: string }, label: string): void {
  const text = JSON.stringify(value ?? null);
  expect(text, label).not.toContain(key.core);
  expect(text, label).not.toContain(passphrase.core);
  expect(text, label).not.toContain(targets.masked);
  expect(text, label).not.toContain('"ok":true');
}

function label(fuzzCase: FuzzCase, outcome: unknown): string {
  return `seed ${seed}, ${fuzzCase.kind}: ${fuzzCase.json.slice(0, 300)} → ${JSON.stringify(outcome).slice(0, 300)}`;
}

/** Sends `cases` in chunks (one evaluate per chunk, all of a chunk in flight together). */
async function sendCases(cases: FuzzCase[], run: (batch: SendBatch) => Promise<SendOutcome[]>, targetId: string | null = null): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  for (let start = 0; start < cases.length; start += 400) {
    const jsons = cases.slice(start, start + 400).map((fuzzCase) => fuzzCase.json);
    outcomes.push(...(await run({ jsons, targetId, timeoutMs: REPLY_TIMEOUT_MS, parallel: 100 })));
  }
  expect(outcomes).toHaveLength(cases.length);
  return outcomes;
}

/** Chat ports with every kind of name and first message, including a valid start for the canary key. */
function portAttempts(rng: Rng, keyId: string): PortAttempt[] {
  const names = ['keyward.chat', 'keyward', '', '__proto__', 'constructor', 'keyward.chat ', 'x'.repeat(4096)];
  const firsts = [
    JSON.stringify({ type: 'start', requestId: 'fuzz-request-0001', targets: [{ keyId, model: 'gpt-4o-mini' }], messages: [{ role: 'user', content: 'spend my money' }] }),
    JSON.stringify({ type: 'attach', requestId: 'fuzz-request-0001' }),
    JSON.stringify({ type: 'stop' }),
    '{"type":"start","__proto__":{"admin":true}}',
    JSON.stringify({ channel: 'keyward', type: 'vault.export', payload: {} }),
    '"start"',
    'null',
    '[]',
  ];
  return names.flatMap((name) => firsts.map((first) => ({ name, first }))).filter(() => rng.chance(0.8));
}

function expectPortsCutOff(outcomes: PortOutcome[], targets: { masked: string }): void {
  expect(outcomes.length).toBeGreaterThan(10);
  for (const outcome of outcomes) {
    expectNothingLeaked(outcome, targets, `port ${outcome.name.slice(0, 40)}`);
    expect(outcome.received, `port "${outcome.name.slice(0, 40)}" got an answer`).toEqual([]);
    expect(outcome.disconnected || outcome.noRuntime === true || outcome.thrown !== undefined, `port "${outcome.name.slice(0, 40)}" stayed open`).toBe(true);
  }
}

/**
 * After the storm: still unlocked, the key untouched, nothing sent to the provider, and (when the
 * storm reached the worker) the same worker instance. Where nothing reached it, Chrome may stop
 * the idle worker after 30 s; that is only noted.
 */
async function expectIntact(options: Page, worker: Worker, mock: MockProvider, targets: FuzzTargets & { masked: string }, sameWorker: 'required' | 'noted'): Promise<void> {
  const marker = await worker.evaluate(() => (globalThis as { __keywardFuzzMarker?: string }).__keywardFuzzMarker).catch(() => undefined);
  if (sameWorker === 'required') expect(marker, 'the worker was not restarted').toBe(WORKER_MARKER);
  else if (marker !== WORKER_MARKER) console.log('note: the idle worker was stopped by Chrome meanwhile (nothing reached it)');
  const status = await call(options, 'vault.status', {});
  expect(status.state).toBe('unlocked');
  const { keys } = await call(options, 'keys.list', {});
  expect(keys.map(({ id, label: name, masked, settings }) => ({ id, name, masked, settings }))).toEqual([
    { id: targets.keyId, name: 'Canary', masked: targets.masked, settings: { baseUrl: `${mock.url}/v1` } },
  ]);
  expect((await call(options, 'settings.get', {})).autoLock, 'settings unchanged').toBe(15);
  expect(mock.requests.map((request) => `${request.method} ${request.path}`), 'no provider call was made for a refused sender').toEqual([]);
}

test('our content script: thousands of privileged and malformed messages and bad chat ports are all refused with typed errors', async ({
  ext,
  site,
  options,
  targets,
  worker,
  mock,
}) => {
  // About 30 s on an idle machine; the margin is for a busy CI machine.
  test.setTimeout(240_000);
  const rng = new Rng(seed);
  const web = await ext.context.newPage();
  await web.goto(`${site.origin}/top.html`);
  const cdp = await ext.context.newCDPSession(web);
  const worlds = await PageWorlds.attach(cdp);
  const contentScript = await worlds.contentScriptWorld(ext.extensionId, (await frameTree(cdp)).frame.id);
  const codes = new Map<string, number>();

  await test.step('1,500 runtime messages from the content script', async () => {
    const cases = generateCases(rng, targets, 1500);
    const started = Date.now();
    const outcomes = await sendCases(cases, (batch) => worlds.run(contentScript, sendBatchInBrowser, batch));
    console.log(`content script: ${cases.length} messages in ${Date.now() - started} ms`);
    let notSent = 0;
    cases.forEach((fuzzCase, index) => {
      const outcome = outcomes[index];
      const what = label(fuzzCase, outcome);
      expectNothingLeaked(outcome, targets, what);
      expect(outcome?.timedOut, what).toBeUndefined();
      if (outcome?.thrown !== undefined) {
        // Only what the browser cannot carry (too deep or too large) may fail to send, and then it never arrived.
        expect(fuzzCase.mayFailToSend, what).toBe(true);
        expect(outcome.thrown, what).not.toMatch(/Receiving end does not exist|message port closed/i);
        notSent += 1;
        return;
      }
      const expected = expectedOutcome(fuzzCase, 'content-script');
      expect(expected, 'the fuzzer sends our content script nothing it may run').not.toBe('accepted');
      // A code and the router's phrase, never words (issue 13).
      expect(outcome?.reply, what).toEqual({ ok: false, error: { code: expected, phrase: { key: expect.stringMatching(/^error_/) as unknown, params: [] } } });
      codes.set(expected, (codes.get(expected) ?? 0) + 1);
    });
    console.log('content script outcomes:', Object.fromEntries(codes), `not sendable: ${notSent}`);
    expect(codes.get('FORBIDDEN_SENDER') ?? 0).toBeGreaterThan(300);
    expect(codes.get('BAD_REQUEST') ?? 0).toBeGreaterThan(100);
    expect(codes.get('UNKNOWN_MESSAGE') ?? 0).toBeGreaterThan(50);
  });

  await test.step('chat ports from the content script are cut off before any answer', async () => {
    expectPortsCutOff(await worlds.run(contentScript, connectBatchInBrowser, { attempts: portAttempts(rng, targets.keyId), targetId: null, waitMs: 3000 }), targets);
  });

  await test.step('positive control: the same code in our options page is answered', async () => {
    const [status] = await options.evaluate(sendBatchInBrowser, { jsons: [JSON.stringify({ channel: 'keyward', type: 'vault.status', payload: {} })], targetId: null, timeoutMs: REPLY_TIMEOUT_MS, parallel: 1 });
    expect(status?.reply).toMatchObject({ ok: true, data: { state: 'unlocked' } });
    const [port] = await options.evaluate(connectBatchInBrowser, { attempts: [{ name: 'keyward.chat', first: '"start"' }], targetId: null, waitMs: 3000 });
    expect(port?.received.length, 'our page gets an error answer on the chat port').toBeGreaterThan(0);
  });

  await test.step('300 malformed messages from our options page get exact typed errors', async () => {
    const cases = generateCases(rng, targets, 450, { forOurPages: true }).filter((fuzzCase) => expectedOutcome(fuzzCase, 'extension-page') !== 'accepted').slice(0, 300);
    const outcomes = await sendCases(cases, (batch) => options.evaluate(sendBatchInBrowser, batch));
    cases.forEach((fuzzCase, index) => {
      const outcome = outcomes[index];
      const what = label(fuzzCase, outcome);
      expect(JSON.stringify(outcome), what).not.toContain(key.core);
      expect(JSON.stringify(outcome), what).not.toContain(passphrase.core);
      if (outcome?.thrown !== undefined) {
        expect(fuzzCase.mayFailToSend, what).toBe(true);
        return;
      }
      expect(outcome?.reply, what).toEqual({ ok: false, error: { code: expectedOutcome(fuzzCase, 'extension-page'), phrase: { key: expect.stringMatching(/^error_/) as unknown, params: [] } } });
    });
  });

  await cdp.detach();
  await expectIntact(options, worker, mock, targets, 'required');
});

test('a cross-origin sub-frame, a web page and a second extension cannot reach the background at all', async ({ ext, site, frameSite, options, targets, worker, mock, probe }) => {
  test.setTimeout(240_000);
  expect(probe.dir).toBeTruthy();
  const rng = new Rng(seed + 1);
  const web = await ext.context.newPage();
  await web.goto(`${site.origin}/top.html`);
  const cdp = await ext.context.newCDPSession(web);
  const worlds = await PageWorlds.attach(cdp);

  await test.step('the manifest opens no door: no externally_connectable, no web-accessible page', async () => {
    const manifest = await options.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): Record<string, unknown> } } }).chrome.runtime.getManifest());
    // Soft: the steps below then show what each door would let through.
    expect.soft(manifest['externally_connectable']).toBeUndefined();
    expect.soft(manifest['web_accessible_resources']).toBeUndefined();
    // No manifest content script; the toolbar's script is registered at run time for the top frame only.
    expect.soft(manifest['content_scripts']).toBeUndefined();
    const registered = await options.evaluate(() =>
      (globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; allFrames?: boolean }[]> } } }).chrome.scripting.getRegisteredContentScripts(),
    );
    expect.soft(registered).toEqual([expect.objectContaining({ id: 'keyward-selection-toolbar', allFrames: false })]);
  });

  await test.step('our content script runs in the top frame only, not in the sub-frame', async () => {
    const tree = await frameTree(cdp);
    const child = tree.childFrames?.[0]?.frame;
    expect(child?.url).toBe(`${frameSite.origin}/frame.html`);
    await worlds.contentScriptWorld(ext.extensionId, tree.frame.id);
    // The sub-frame finished loading long before the top frame's document_idle; give it a margin anyway.
    await web.waitForTimeout(1000);
    const inChild = worlds.extensionWorlds(ext.extensionId).filter((context) => context.auxData?.frameId === child?.id);
    expect(inChild, 'no isolated world of ours in the sub-frame').toEqual([]);
  });

  const cases = generateCases(rng, targets, 1600);
  const frame = web.frames().find((candidate) => candidate.url() === `${frameSite.origin}/frame.html`);
  if (!frame) throw new Error('the sub-frame is missing');

  for (const [name, run] of [
    ['the cross-origin sub-frame', (batch: SendBatch) => frame.evaluate(sendBatchInBrowser, batch)],
    ['the web page', (batch: SendBatch) => web.evaluate(sendBatchInBrowser, batch)],
  ] as const) {
    await test.step(`${name}: no chrome.runtime, so not one message leaves`, async () => {
      const some = cases.slice(0, 400);
      const outcomes = await sendCases(some, run);
      for (const outcome of outcomes) {
        expect(outcome.noRuntime, name).toMatch(/typeof chrome\.runtime: undefined/);
        expect(outcome.reply).toBeUndefined();
      }
      const ports = await (name === 'the web page' ? web : frame).evaluate(connectBatchInBrowser, { attempts: portAttempts(rng, targets.keyId), targetId: null, waitMs: 500 });
      for (const port of ports) expect(port.noRuntime).toBe(true);
    });
  }

  await test.step('the web page cannot frame our pages (which could message the background)', async () => {
    const results = await web.evaluate(async (extensionId) => {
      const loads = ['options.html', 'popup.html', 'sidepanel.html'].map(
        (name) =>
          new Promise<string>((resolve) => {
            const iframe = document.createElement('iframe');
            iframe.src = `chrome-extension://${extensionId}/${name}`;
            iframe.addEventListener('load', () => resolve(name));
            document.body.append(iframe);
            setTimeout(() => resolve(name), 3000);
          }),
      );
      return Promise.all(loads);
    }, ext.extensionId);
    expect(results).toHaveLength(3);
    // Chrome blocks them (not web-accessible): they show its error page, and nothing of ours runs there.
    const urls = web.frames().map((candidate) => candidate.url());
    expect(urls, 'the top page, its sub-frame and the three attempts').toHaveLength(5);
    expect(urls.filter((url) => url.startsWith('chrome-extension://')), 'none of our pages loaded inside a web page').toEqual([]);
  });

  await test.step('the second extension: 1,600 messages by our id, none delivered', async () => {
    const probeSw = await probeWorker(ext.context, ext.extensionId);
    const outcomes = await sendCases(cases, (batch) => probeSw.evaluate(sendBatchInBrowser, batch), ext.extensionId);
    let undeliverable = 0;
    cases.forEach((fuzzCase, index) => {
      const outcome = outcomes[index];
      const what = label(fuzzCase, outcome);
      expectNothingLeaked(outcome, targets, what);
      expect(outcome?.reply, what).toBeUndefined();
      expect(outcome?.timedOut, what).toBeUndefined();
      if (/Could not establish connection\. Receiving end does not exist/.test(outcome?.thrown ?? '')) undeliverable += 1;
      else expect(fuzzCase.mayFailToSend, what).toBe(true);
    });
    expect(undeliverable).toBeGreaterThan(cases.length * 0.9);
    const ports = await probeSw.evaluate(connectBatchInBrowser, { attempts: portAttempts(rng, targets.keyId), targetId: ext.extensionId, waitMs: 3000 });
    expectPortsCutOff(ports, targets);
    for (const port of ports) expect(port.error ?? port.thrown ?? '').toMatch(/Could not establish connection/);
  });

  await cdp.detach();
  await expectIntact(options, worker, mock, targets, 'noted');
});
