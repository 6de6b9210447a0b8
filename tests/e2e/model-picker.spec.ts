/**
 * The chat's model picker in the built extension's popup: the button, searching, the keyboard
 * (ARIA combobox), favourites kept across popups, and an empty install that says what to do.
 */
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from './fixtures/test';
import { call } from './fixtures/messaging';
import { sharedMockProvider } from './fixtures/shared-mock';
import { modelButton } from './fixtures/ui-steps';

const PASSPHRASE = 'e2e picker passphrase 42';
const mock = sharedMockProvider(test);

const search = (page: Page) => page.getByRole('combobox', { name: 'Search models' });
const listbox = (page: Page) => page.getByRole('listbox', { name: 'Models' });
const options = (page: Page) => listbox(page).getByRole('option');
/** The option the search box names as active, its value. */
const activeValue = async (page: Page) => {
  const id = await search(page).getAttribute('aria-activedescendant');
  expect(id).toBeTruthy();
  const active = page.locator(`[id="${id ?? ''}"]`);
  await expect(active).toHaveAttribute('aria-selected', 'true');
  return active.getAttribute('data-value');
};

test('an empty install: the picker says to add a key and opens the options page, never "Loading models…"', async ({ ext }) => {
  const popup = await openExtensionPage(ext, 'popup');
  const button = modelButton(popup);
  await expect(button).toHaveAccessibleName('Model: Add a key to choose a model');
  await expect(popup.getByText('Loading models…')).toHaveCount(0);
  const opened = ext.context.waitForEvent('page');
  await button.click();
  expect((await opened).url()).toContain('/options.html');
});

test('search, keyboard and favourites in the popup', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2ePICKERkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  await call(optionsPage, 'keys.add', { provider: 'anthropic', label: 'Mock Anthropic', secret: { apiKey: 'sk-ant-api03-e2ePICKERkey0123456789abcd' }, settings: { baseUrl: mock.url } });

  let popup = await openExtensionPage(ext, 'popup');
  const button = modelButton(popup);
  await expect(button).toBeEnabled({ timeout: 15_000 });

  // The keyboard opens it from the button, with the focus in the search box.
  await button.focus();
  await button.press('ArrowDown');
  await expect(search(popup)).toBeFocused();
  await expect(search(popup)).toHaveAttribute('aria-expanded', 'true');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(search(popup)).toHaveAttribute('aria-controls', (await listbox(popup).getAttribute('id')) ?? 'missing');

  // Search by family and by provider.
  await search(popup).fill('sonnet');
  await expect(options(popup).first()).toBeVisible();
  for (const text of await options(popup).allTextContents()) expect(text.toLowerCase()).toContain('sonnet');
  await search(popup).fill('openai nano');
  await expect(options(popup)).toHaveCount(1);
  await expect(options(popup).first()).toContainText('gpt-4.1-nano');
  await expect(options(popup).first()).toContainText('OpenAI');

  // Arrows move the active option; Enter picks it and gives the focus back to the button.
  await search(popup).fill('gpt');
  await expect(options(popup)).toHaveCount(2);
  const first = await activeValue(popup);
  await search(popup).press('ArrowDown');
  const second = await activeValue(popup);
  expect(second).not.toBe(first);
  await search(popup).press('ArrowUp');
  expect(await activeValue(popup)).toBe(first);
  await search(popup).press('ArrowDown');
  await search(popup).press('Enter');
  await expect(listbox(popup)).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('data-value', second ?? 'missing');

  // Escape closes without changing anything.
  await button.press('Enter');
  await expect(search(popup)).toBeFocused();
  await search(popup).press('End');
  await search(popup).press('Escape');
  await expect(listbox(popup)).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('data-value', second ?? 'missing');

  // A star puts a model at the top, under Favourites; it is still there in the next popup.
  await button.click();
  await search(popup).fill('claude-sonnet-4-5');
  const claude = options(popup).filter({ hasText: 'claude-sonnet-4-5' }).first();
  const starred = await claude.getAttribute('data-value');
  await claude.getByTitle(/^Add claude-sonnet-4-5.* to favourites$/).click();
  await search(popup).fill('');
  await expect(listbox(popup).locator('li').first()).toHaveText('Favourites');
  await expect(options(popup).first()).toHaveAttribute('data-value', starred ?? 'missing');
  await popup.close();

  popup = await openExtensionPage(ext, 'popup');
  await modelButton(popup).click();
  await expect(listbox(popup).locator('li').first()).toHaveText('Favourites');
  await expect(options(popup).first()).toHaveAttribute('data-value', starred ?? 'missing');
  // The chosen model sits under Recently used, after the favourites.
  await expect(listbox(popup).getByText('Recently used')).toBeVisible();
  // Ctrl+S on the active (first) option takes the star away.
  await search(popup).press('Home');
  await expect.poll(() => activeValue(popup)).toBe(starred);
  await search(popup).press('Control+s');
  await expect(listbox(popup).locator('li').first()).not.toHaveText('Favourites');
});
