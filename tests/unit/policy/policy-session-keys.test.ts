import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHarness, CANARY_KEY } from '../helpers/harness';

/**
 * The organisation policy and session-only keys (issue 18, items 1 and 2 together): `sessionKeys:
 * false` refuses new ones and ends the ones already in use at once, and the allowed providers and
 * hosts hold for a session-only key as for a vault key.
 */

const page = { sender: 'extension-page' } as const;

async function setPolicy(policy: Record<string, unknown>): Promise<void> {
  await fakeBrowser.storage.managed.clear();
  await fakeBrowser.storage.managed.set(policy);
}

const sessionKey = { provider: 'openai', label: 'Trial', secret: { apiKey: CANARY_KEY }, settings: {}, sessionOnly: true } as const;

/** Polls until `check` holds: a policy change reaches the worker through storage.onChanged. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the policy change did not take effect');
}

describe('session-only keys under an organisation policy', () => {
  test('sessionKeys: false: the pages are told, and a new session-only key is refused', async () => {
    await setPolicy({ sessionKeys: false });
    const h = createHarness();
    expect(await h.handlers['vault.status']({}, page)).toMatchObject({ sessionKeysAllowed: false });
    await expect(h.handlers['keys.add'](sessionKey, page)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    // No vault and no session-only key: nothing to list.
    expect((await h.handlers['vault.status']({}, page)).sessionKeys).toBeUndefined();
    await expect(h.handlers['keys.list']({}, page)).rejects.toMatchObject({ code: 'VAULT_ABSENT' });
  });

  test('a policy that turns session-only keys off while the browser runs ends those in use', async () => {
    const h = createHarness();
    const view = await h.handlers['keys.add'](sessionKey, page);
    expect((await h.handlers['keys.list']({}, page)).keys.map((key) => key.id)).toEqual([view.id]);
    await setPolicy({ sessionKeys: false });
    await eventually(async () => (await h.handlers['vault.status']({}, page)).sessionKeys === undefined);
    await expect(h.handlers['keys.list']({}, page)).rejects.toMatchObject({ code: 'VAULT_ABSENT' });
    await expect(h.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(JSON.stringify(await fakeBrowser.storage.session.get())).not.toContain(CANARY_KEY);
  });

  test('allowed providers hold for a session-only key: kept, but never used for a provider the policy leaves out', async () => {
    const h = createHarness();
    const view = await h.handlers['keys.add'](sessionKey, page);
    await setPolicy({ allowedProviders: ['anthropic'] });
    await expect(h.handlers['keys.test']({ id: view.id }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['models.list']({ keyId: view.id }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    expect((await h.handlers['keys.list']({}, page)).keys.map((key) => key.id)).toEqual([view.id]);
  });
});
