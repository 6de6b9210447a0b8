import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, chatOverPort, sendMessage } from './fixtures/messaging';
import { canWriteFirefoxPolicy, launchWithSystemPolicy } from './fixtures/system-policy';

/**
 * The organisation policy in Firefox: /etc/firefox/policies/policies.json with `3rdparty` →
 * `Extensions` → keyward@keyward.dev, read by Firefox at start and handed to the add-on as
 * storage.managed (fixtures/system-policy.ts keeps the system-wide file away from the suite's other
 * Firefoxes). The mock provider stands in for the user's provider and the organisation's gateway.
 */

let own: MockProvider;
let gateway: MockProvider;
let writable = false;
const orgKey = keyCanary('F');

const chats = (server: MockProvider) => server.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');

beforeAll(async () => {
  writable = await canWriteFirefoxPolicy();
  [own, gateway] = await Promise.all([startMockProvider(), startMockProvider()]);
});
afterAll(async () => {
  await Promise.all([own?.close(), gateway?.close()]);
});

function launchWith(policy: Record<string, unknown>): Promise<LaunchedFirefox> {
  return launchFirefox({ launchGate: (launch) => launchWithSystemPolicy(policy, launch) });
}

describe('the organisation policy from policies.json', () => {
  test('in force: the gateway answers when the user’s key is rejected, exports are refused, the key never reaches a page', async (context) => {
    if (!writable) context.skip();
    const ff = await launchWith({ gateway: { provider: 'openai', baseUrl: `${gateway.url}/v1`, apiKey: orgKey.value }, backupExport: false, maxAutoLockMinutes: 5 });
    try {
      const page = await ff.openPage('options');
      expect(await call(page, 'policy.get', {})).toEqual({
        status: 'active',
        policy: { gateway: { provider: 'openai', baseUrl: `${gateway.url}/v1` }, backupExport: false, maxAutoLockMinutes: 5 },
      });
      const passphrase = passphraseCanary().value;
      await call(page, 'vault.create', { passphrase });
      const userKey = keyCanary('G');
      const { id: keyId } = await call(page, 'keys.add', { provider: 'openai', label: 'Own', secret: { apiKey: userKey.value }, settings: { baseUrl: `${own.url}/v1` } });
      own.setScenario('unauthorized');
      const { received } = await chatOverPort(page, keyId, 'Through the gateway?');
      expect(received.at(-1)?.type).toBe('done');
      expect(chats(own).map((request) => request.headers.authorization)).toEqual([`Bearer ${userKey.value}`]);
      expect(chats(gateway).map((request) => request.headers.authorization)).toEqual([`Bearer ${orgKey.value}`]);
      expect(JSON.stringify(received)).not.toContain(orgKey.core);
      const exported = await sendMessage(page, 'vault.export', { passphrase });
      expect(exported.ok ? undefined : exported.error.code).toBe('POLICY_FORBIDS');
      expect((await call(page, 'vault.status', {})).autoLock).toBe(5);
    } finally {
      await ff.removeProfile();
    }
  });

  test('a user with no key at all: the gateway is listed as the one key, answers with the organisation’s key, and the popup offers it', async (context) => {
    if (!writable) context.skip();
    const noKeyOrg = keyCanary('K');
    const ff = await launchWith({ gateway: { provider: 'openai', baseUrl: `${gateway.url}/v1`, apiKey: noKeyOrg.value } });
    try {
      gateway.reset();
      own.reset();
      const page = await ff.openPage('options');
      expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'absent', orgGateway: true });
      const { keys } = await call(page, 'keys.list', {});
      expect(keys.map((key) => [key.id, key.organisation])).toEqual([['org:gateway', true]]);
      expect(JSON.stringify(keys)).not.toContain(noKeyOrg.core);
      const { received } = await chatOverPort(page, 'org:gateway', 'No key of my own');
      expect(received.at(-1)?.type).toBe('done');
      expect(chats(gateway).map((request) => request.headers.authorization)).toEqual([`Bearer ${noKeyOrg.value}`]);
      expect(chats(own)).toHaveLength(0);
      expect(JSON.stringify(received)).not.toContain(noKeyOrg.core);
      // The popup's picker chooses it by itself (the one key there is): no "add a key" state.
      const popup = await ff.openPage('popup');
      const picked = await popup.evaluate(async () => {
        for (let i = 0; i < 100; i++) {
          const value = document.querySelector<HTMLButtonElement>('button[data-value^="key:org:gateway:"]')?.dataset['value'];
          if (value) return value;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return document.body.innerText;
      });
      expect(picked).toMatch(/^key:org:gateway:/);
    } finally {
      await ff.removeProfile();
    }
  });

  test('a policy that does not match is rejected whole: nothing of it applies, and the options page says what to fix', async (context) => {
    if (!writable) context.skip();
    const ff = await launchWith({ backupExport: false, maxAutoLockMinutes: 7 });
    try {
      const page = await ff.openPage('options');
      expect(await call(page, 'policy.get', {})).toEqual({ status: 'rejected', problems: [{ field: 'maxAutoLockMinutes', kind: 'not-allowed-value' }] });
      const text = await page.evaluate(async () => {
        for (let i = 0; i < 100 && !document.querySelector('[role="alert"]'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        return document.querySelector('[role="alert"]')?.textContent ?? '';
      });
      expect(text).toContain("Your organisation's policy was not applied");
      expect(text).toContain('maxAutoLockMinutes: not one of the allowed values');
    } finally {
      await ff.removeProfile();
    }
  });
});
