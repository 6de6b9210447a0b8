// First: the extension's English texts for anything that loads wxt/browser in this test process (see the fixture).
import '../fixtures/english-i18n';
import { test, expect, openExtensionPage } from './fixtures/test';
import { call } from './fixtures/messaging';
import { sharedMockProvider } from './fixtures/shared-mock';

const PASSPHRASE = 'e2e options keys passphrase 7';
const mock = sharedMockProvider(test);

/**
 * The Keys tab after "Test connection": the result is long text, and it once took the row's
 * width so the key's name, address and dates were laid out one letter per line (issue 14).
 */
for (const width of [480, 800, 1280]) {
  test(`a key row keeps its width after Test connection at ${width} px`, async ({ ext, optionsPage }) => {
    await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
    await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI work key', secret: { apiKey: 'sk-proj-e2eROWkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
    await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Unreachable key', secret: { apiKey: 'sk-proj-e2eROWkey0123456789abcdefgX' }, settings: { baseUrl: 'http://127.0.0.1:9/a/very/long/path/that/goes/on/v1' } });
    const options = await openExtensionPage(ext, 'options');
    await options.setViewportSize({ width, height: 900 });
    for (const label of ['Mock OpenAI work key', 'Unreachable key']) {
      const row = options.getByRole('listitem', { name: label });
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect(row.getByRole('status', { name: 'Connection test result' })).not.toBeEmpty();
      // A label one character wide is ~10 px; eight characters of 14 px text are over 56 px.
      const labelBox = await row.locator('.key-label').evaluate((element) => element.getBoundingClientRect().width);
      expect(labelBox, `${label}: the label's width`).toBeGreaterThan(56);
      for (const meta of await row.locator('.key-meta > *, .key-times > *').all()) {
        expect(await meta.evaluate((element) => element.getBoundingClientRect().width), `${label}: ${await meta.textContent()}`).toBeGreaterThan(56);
      }
    }
    expect(await options.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
}

test('a new install opens the options page, which welcomes with the ways to start and the key pages', async ({ ext, optionsPage }) => {
  // The launch saw the tab the install opened (and closed it: fixtures/launch.ts).
  expect(ext.welcomed).toBe(true);
  const welcome = optionsPage.getByRole('region', { name: 'Welcome to Keyward' });
  await expect(welcome.getByRole('heading', { name: 'Keep your keys in an encrypted vault' })).toBeVisible();
  await expect(welcome.getByRole('link', { name: 'OpenAI (opens in a new tab)', exact: true })).toHaveAttribute('href', 'https://platform.openai.com/api-keys');
  await expect(optionsPage.getByRole('button', { name: 'Create vault' })).toBeVisible();
});
