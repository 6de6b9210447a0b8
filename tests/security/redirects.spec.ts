// First: the extension's English texts for anything that loads wxt/browser in this test process (see the fixture).
import '../fixtures/english-i18n';
/**
 * Issue 11, finding 4: a provider's server answering with a redirect must not carry the key or
 * the conversation anywhere. Two mock servers on 127.0.0.1 (two ports: two origins): the first
 * answers every request with 307 to the second. Through the real built extension in Chromium, a
 * chat, "Test connection" and the model list each end with the clear redirect message, and the
 * second origin receives nothing at all, for the four ways a key travels: Authorization (OpenAI),
 * x-api-key (Anthropic), x-goog-api-key (Gemini) and api-key (Azure).
 */
import { test as base, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call, sendMessage } from '../e2e/fixtures/messaging';
import { chatOverPort, portErrorWords } from '../e2e/fixtures/chat-port';
import { keyCanary } from '../e2e/fixtures/canary';
import { mockProviderFixture } from '../e2e/fixtures/per-test';
import type { MockProvider } from '../mock-provider/server';
import type { ProviderSettings } from '@/src/providers/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { renderEnglish } from '../fixtures/messages';

const REDIRECT_MESSAGE = "The server answered with a redirect to another address; Keyward does not follow redirects with your key. Check the base URL in the key's settings.";

interface Family {
  provider: ProviderId;
  model: string;
  settings: (url: string) => ProviderSettings;
  keyHeader: string;
}

const FAMILIES: Family[] = [
  { provider: 'openai', model: 'gpt-4.1-nano', settings: (url) => ({ baseUrl: `${url}/v1` }), keyHeader: 'authorization' },
  { provider: 'anthropic', model: 'claude-haiku-4-5', settings: (url) => ({ baseUrl: url }), keyHeader: 'x-api-key' },
  { provider: 'gemini', model: 'gemini-2.5-flash', settings: (url) => ({ baseUrl: `${url}/v1beta` }), keyHeader: 'x-goog-api-key' },
  { provider: 'azure-openai', model: 'gpt-4.1-nano', settings: (url) => ({ baseUrl: url, azureDeployment: 'dep' }), keyHeader: 'api-key' },
];

const test = base.extend<{ redirecting: MockProvider; elsewhere: MockProvider }>({
  redirecting: mockProviderFixture,
  elsewhere: mockProviderFixture,
});

test('a redirect from the provider is never followed: the other origin receives no request, key or conversation', async ({ optionsPage, redirecting, elsewhere }) => {
  expect(new URL(redirecting.url).origin).not.toBe(new URL(elsewhere.url).origin);
  redirecting.setScenario('redirect', { redirectTo: elsewhere.url });
  await call(optionsPage, 'vault.create', { passphrase: 'redirects passphrase 42 correct horse' });

  for (const [index, family] of FAMILIES.entries()) {
    await test.step(family.provider, async () => {
      const key = keyCanary(`REDIRECT${index}`);
      const prompt = `Private conversation ${key.core.slice(-8)}`;
      const view = await call(optionsPage, 'keys.add', { provider: family.provider, label: family.provider, secret: { apiKey: key.value }, settings: family.settings(redirecting.url) });
      const before = redirecting.requests.length;

      const messages = await chatOverPort(optionsPage, view.id, prompt, family.model);
      expect(messages.at(-1), JSON.stringify(messages.at(-1))).toMatchObject({ type: 'error', error: { kind: 'redirect-refused' } });
      expect(portErrorWords(messages.at(-1))).toEqual(REDIRECT_MESSAGE);
      const tested = await call(optionsPage, 'keys.test', { id: view.id });
      expect(tested.result).toBe('not-allowed');
      expect(renderEnglish(tested.phrase)).toBe(REDIRECT_MESSAGE);
      const models = await sendMessage(optionsPage, 'models.list', { keyId: view.id });
      // The refusal crosses as a code and a phrase (issue 13); in English it is the redirect message.
      expect(models).toMatchObject({ ok: false, error: { code: 'PROVIDER_ERROR' } });
      expect(models.ok ? '' : renderEnglish(models.error.phrase)).toBe(REDIRECT_MESSAGE);

      // Positive control: the provider's own origin got all three, with the key and the conversation.
      const own = redirecting.requests.slice(before).filter((request) => request.method !== 'OPTIONS');
      expect(own.map((request) => request.method).sort()).toEqual(['GET', 'GET', 'POST']);
      expect(own.every((request) => (request.headers[family.keyHeader] ?? '').includes(key.value))).toBe(true);
      expect(own.some((request) => request.body.includes(prompt))).toBe(true);
    });
  }
  // Nothing at all reached the second origin: no request, so no key header and no body.
  expect(elsewhere.requests).toEqual([]);
});

test('the options page shows the redirect refusal for "Test connection"', async ({ ext, optionsPage, redirecting, elsewhere }) => {
  redirecting.setScenario('redirect', { redirectTo: elsewhere.url });
  await call(optionsPage, 'vault.create', { passphrase: 'redirects passphrase 42 correct horse' });
  await call(optionsPage, 'keys.add', { provider: 'anthropic', label: 'Redirected', secret: { apiKey: keyCanary('REDIRUI').value }, settings: { baseUrl: redirecting.url } });
  const page = await openExtensionPage(ext, 'options');
  await page.getByRole('tab', { name: 'Keys' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.connection-test')).toContainText(`Address not allowed: ${REDIRECT_MESSAGE}`);
  expect(elsewhere.requests).toEqual([]);
});
