// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { makePdf } from '../fixtures/make-pdf';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { byRole, clickByRole, pickModel, sendInUi } from './fixtures/ui-steps';

/**
 * Issue 19's collections in Firefox: a collection made in the options page's Knowledge tab with
 * the mock key's embedding model, a generated PDF and a Markdown file added and embedded through
 * the mock's embeddings; in the popup, a question naming "@Docs" goes with the excerpts, the
 * answer's citations show under it, and the PDF's opens the stored file at its page.
 */

let mock: MockProvider;
let ff: LaunchedFirefox;
let options: Page;

const PDF_PAGES: string[][] = [
  ['Annual report of the harbour board', 'The board met four times this year.'],
  ['Tides and dredging', 'The dredger Cormorant deepened the inner channel to seven metres.'],
];
const MARKDOWN = '# Handbook\nWelcome aboard.\n## Safety\nLifejackets are stored under every bench.';

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

/** Hands files to the collection card's file input, as the picker does (a change event). */
async function addFiles(page: Page, files: { name: string; type: string; base64: string }[]): Promise<void> {
  await page.evaluate((given: { name: string; type: string; base64: string }[]) => {
    const input = document.querySelector('.collection input[type="file"]') as HTMLInputElement;
    const data = new DataTransfer();
    for (const file of given) data.items.add(new File([Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))], file.name, { type: file.type }));
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, files);
}

describe('Firefox: collections', () => {
  test('a collection is made and a PDF and a Markdown file are embedded into it', async () => {
    const setup = await ff.openPage('options');
    await call(setup, 'vault.create', { passphrase: passphraseCanary().value });
    await call(setup, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: keyCanary('FFK').value }, settings: { baseUrl: `${mock.url}/v1` } });
    // A page opened now shows the unlocked vault's tabs.
    options = await ff.openPage('options');
    await clickByRole(options, 'tab', 'Knowledge');
    await options.waitForFunction(() => (document.querySelector('.new-collection select') as HTMLSelectElement | null)?.options.length, { timeout: 30_000, polling: 100 });
    await (await byRole(options, 'textbox', 'Name', '.new-collection')).type('Docs');
    await clickByRole(options, 'button', 'Create collection');
    await byRole(options, 'article', 'Collection Docs');
    await addFiles(options, [
      { name: 'harbour.pdf', type: 'application/pdf', base64: Buffer.from(makePdf(PDF_PAGES)).toString('base64') },
      { name: 'handbook.md', type: 'text/markdown', base64: Buffer.from(MARKDOWN).toString('base64') },
    ]);
    // A paid model asks before indexing.
    await options
      .waitForFunction(() => [...document.querySelectorAll('dialog button')].some((button) => button.textContent === 'Index'), { timeout: 15_000, polling: 100 })
      .then(() => options.evaluate(() => ([...document.querySelectorAll('dialog button')].find((button) => button.textContent === 'Index') as HTMLButtonElement).click()))
      .catch(() => undefined);
    await options.waitForFunction(() => document.querySelectorAll('.collection-item[data-status="ready"]').length === 2, { timeout: 30_000, polling: 100 });
    const embedCalls = mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/embeddings');
    expect(embedCalls.length).toBeGreaterThan(0);
  });

  test('"@Docs" in a question sends the excerpts; the answer cites them, and the PDF citation opens its page', async () => {
    const popup = await ff.openPage('popup');
    await pickModel(popup);
    mock.setScenario('normal', { answer: 'Seven metres deep [1], and see [2], [3] and [4].' });
    const answer = await sendInUi(popup, '@Docs how deep did the dredger Cormorant make the channel?');
    expect(answer.text).toContain('Seven metres deep');
    const chat = mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions').at(-1);
    expect(chat?.body).toContain('Excerpts from the collection \\"Docs\\"');
    expect(chat?.body).toContain('The dredger Cormorant deepened the inner channel to seven metres.');
    await popup.waitForFunction(() => document.querySelector('nav[aria-label="Sources"]') !== null, { timeout: 15_000, polling: 100 });
    const labels = await popup.evaluate(() => [...document.querySelectorAll('nav[aria-label="Sources"] button')].map((button) => button.getAttribute('aria-label')));
    expect(labels).toContainEqual(expect.stringMatching(/^Open source [1-4]: harbour › p\. 2$/));
    expect(labels).toContainEqual(expect.stringMatching(/^Open source [1-4]: handbook › Handbook › Safety$/));

    const opened = ff.browser.waitForTarget((target) => /#page=2$/.test(target.url()), { timeout: 20_000 });
    await popup.evaluate(() => ([...document.querySelectorAll('nav[aria-label="Sources"] button')].find((button) => /p\. 2$/.test(button.getAttribute('aria-label') ?? '')) as HTMLButtonElement).click());
    expect((await opened).url()).toMatch(/^blob:moz-extension:\/\/[^/]+\/[\w-]+#page=2$/);
  });
});
