/**
 * Issue 11, findings 2/3: the worker checks a request's origin before any secret leaves. In the
 * real built extension, browser.permissions.contains decides: a key pointed at a server the
 * extension holds no permission for is refused with a clear message, and plain http to another
 * computer is refused without the user's opt-in, both without a request being made. Loopback
 * mocks on any port (granted by the manifest's port-less patterns) still work.
 */
import { test as base, expect } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { renderEnglish } from '../fixtures/messages';
import { chatOverPort, portErrorWords } from '../e2e/fixtures/chat-port';
import { mockProviderFixture } from '../e2e/fixtures/per-test';
import type { MockProvider } from '../mock-provider/server';

const test = base.extend<{ mock: MockProvider }>({ mock: mockProviderFixture });

test('an origin the extension was not granted, or plain http to another computer, is refused before anything is sent', async ({ optionsPage, mock }) => {
  await call(optionsPage, 'vault.create', { passphrase: 'egress guard passphrase 42 horse' });
  const apiKey = 'sk-proj-e2eGUARDkey0123456789abcdefgh';

  // Positive control: the loopback mock (a granted origin with a port) answers.
  const local = await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Local', secret: { apiKey }, settings: { baseUrl: `${mock.url}/v1` } });
  expect(await call(optionsPage, 'keys.test', { id: local.id })).toMatchObject({ result: 'works' });
  expect((await chatOverPort(optionsPage, local.id, 'Hello')).at(-1)?.type).toBe('done');

  const ungranted = await call(optionsPage, 'keys.add', { provider: 'custom', label: 'Ungranted', secret: { apiKey }, settings: { baseUrl: 'https://proxy.keyward-test.invalid:8443/v1' } });
  const notGranted = 'Keyward may not contact https://proxy.keyward-test.invalid:8443: the browser has not granted it access to that address. Edit the key in Keyward’s options and save it to grant access, then try again.';
  const ungrantedTest = await call(optionsPage, 'keys.test', { id: ungranted.id });
  expect(ungrantedTest.result).toBe('not-allowed');
  expect(renderEnglish(ungrantedTest.phrase)).toBe(notGranted);
  const portRefusal = (await chatOverPort(optionsPage, ungranted.id, 'Hello', 'm')).at(-1);
  expect(portRefusal).toMatchObject({ type: 'error', error: { kind: 'origin-not-allowed' } });
  expect(portErrorWords(portRefusal)).toBe(notGranted);

  // Plain http to another computer: refused at save unless confirmed with it (the transport's own
  // rule for it is in tests/unit/providers/egress-guard.test.ts) ...
  await expect(call(optionsPage, 'keys.add', { provider: 'custom', label: 'Plain http', secret: { apiKey }, settings: { baseUrl: 'http://192.0.2.10:8000/v1' } })).rejects.toThrow(
    /BAD_REQUEST .*plain http to 192\.0\.2\.10:8000/,
  );
  // ... and once confirmed, still sent nowhere while the browser has not granted that address.
  const insecure = await call(optionsPage, 'keys.add', { provider: 'custom', label: 'Plain http', secret: { apiKey }, settings: { baseUrl: 'http://192.0.2.10:8000/v1', allowInsecureHttp: 'yes' } });
  const refused = await call(optionsPage, 'keys.test', { id: insecure.id });
  expect(refused.result).toBe('not-allowed');
  expect(renderEnglish(refused.phrase)).toContain('Keyward may not contact http://192.0.2.10:8000');

  // Only the positive control's two requests reached any server.
  expect(mock.requests.filter((request) => request.method !== 'OPTIONS')).toHaveLength(2);
});
