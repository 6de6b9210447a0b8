import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHarness, PASSPHRASE, CANARY_KEY, type Harness } from '../helpers/harness';
import { SESSION_KEYS_ALARM } from '@/src/session/session-keys';
import { sessionKeyLifetimeMs, sessionKeysAllowed } from '@/src/session/session-key-rules';
import { writeSettings } from '@/src/settings/settings-store';
import type { AutoLockSetting } from '@/src/settings/schemas';

const page = { sender: 'extension-page' } as const;

async function withSessionKey(autoLock: AutoLockSetting = 15, h: Harness = createHarness()) {
  await writeSettings({ autoLock });
  const view = await h.handlers['keys.add']({ provider: 'openai', label: 'Trial', secret: { apiKey: CANARY_KEY }, settings: {}, sessionOnly: true }, page);
  return { h, view };
}

/** Everything the fake browser and the vault database hold, as one string. */
async function everything(h: Harness): Promise<string> {
  const [session, local, secrets, meta, audit] = await Promise.all([
    fakeBrowser.storage.session.get(),
    fakeBrowser.storage.local.get(),
    h.db.secrets.toArray(),
    h.db.meta.toArray(),
    h.spend.db.audit.toArray(),
  ]);
  return JSON.stringify({ session, local, secrets, meta, audit });
}

describe('session-only keys', () => {
  test('without a vault: added, listed with its badge data, used, and kept out of IndexedDB; the secret is sealed even in storage.session', async () => {
    const { h, view } = await withSessionKey();
    expect(view).toMatchObject({ sessionOnly: true, label: 'Trial', damaged: false });
    expect(view.id.startsWith('session-')).toBe(true);
    expect(view.masked).not.toContain(CANARY_KEY);
    const status = await h.handlers['vault.status']({}, page);
    expect(status.state).toBe('absent');
    expect(status.sessionKeys).toEqual({ count: 1, expiresAt: h.clock.now + 15 * 60_000 });
    expect((await h.handlers['keys.list']({}, page)).keys).toEqual([view]);
    // A restarted worker still has it: the record lives in storage.session.
    expect((await h.restart().keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
    expect(await h.db.secrets.count()).toBe(0);
    expect(Object.keys(await fakeBrowser.storage.session.get())).toEqual(['session-keys']);
    expect(await everything(h)).not.toContain(CANARY_KEY);
    // Audited like any key, without its secret.
    expect(await h.spend.db.audit.toArray()).toMatchObject([{ action: 'key.added', outcome: 'ok', provider: 'openai', keyLabel: 'Trial', detail: 'session-only' }]);
  });

  test('a draft is tested before it is saved with no vault, unless the policy turns session-only keys off', async () => {
    const h = createHarness();
    const draft = { provider: 'custom' as const, secret: { apiKey: CANARY_KEY }, settings: { baseUrl: 'http://127.0.0.1:9/v1' } };
    // Nothing listens on port 9: the test runs and reports it, rather than refusing for want of a vault.
    await expect(h.handlers['keys.test']({ draft }, page)).resolves.toMatchObject({ result: expect.any(String) });
    await fakeBrowser.storage.managed.set({ sessionKeys: false });
    await expect(h.handlers['keys.test']({ draft }, page)).rejects.toMatchObject({ code: 'VAULT_ABSENT' });
    await fakeBrowser.storage.managed.clear();
  });

  test('its calls are named by its label in the usage and the audit, like a saved key’s', async () => {
    const { h, view } = await withSessionKey();
    const at = h.clock.now;
    await h.spend.recorder.record({ kind: 'chat', provider: 'openai', model: 'gpt-4.1-nano', keyId: view.id, startedAt: at, endedAt: at + 1, outcome: 'ok', usage: { inputTokens: 3, outputTokens: 4, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } });
    expect((await h.spend.db.calls.toArray()).filter((row) => row.kind === 'chat').map((row) => row.keyLabel)).toEqual(['Trial']);
    expect((await h.spend.db.audit.toArray()).at(-1)).toMatchObject({ action: 'call.chat', keyLabel: 'Trial' });
  });

  test('gone at the auto-lock deadline, checked at every use even without the alarm; the alarm is armed at it', async () => {
    const { h, view } = await withSessionKey(5);
    const addedAt = h.clock.now;
    expect((await fakeBrowser.alarms.get(SESSION_KEYS_ALARM))?.scheduledTime).toBe(addedAt + 5 * 60_000);
    h.clock.now = addedAt + 5 * 60_000 - 1;
    expect((await h.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
    h.clock.now = addedAt + 5 * 60_000;
    await expect(h.restart().keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED', phrase: { key: 'error_sessionKeyExpired' } });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    expect(await fakeBrowser.alarms.get(SESSION_KEYS_ALARM)).toBeUndefined();
    expect((await h.handlers['vault.status']({}, page)).sessionKeys).toBeUndefined();
    await expect(h.handlers['keys.list']({}, page)).rejects.toMatchObject({ code: 'VAULT_ABSENT' });
  });

  test('the alarm closes them when it fires at the deadline', async () => {
    const { h } = await withSessionKey(1);
    h.clock.now += 60_000;
    await h.restart().sessionKeys.expireIfDue();
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  test('deliberate use pushes the deadline; reading the status and using the key do not', async () => {
    const { h, view } = await withSessionKey(1);
    const start = h.clock.now;
    h.clock.now = start + 40_000;
    await h.keys.useSecret(view.id);
    await h.handlers['vault.status']({}, page);
    h.clock.now = start + 50_000;
    await h.touch();
    h.clock.now = start + 100_000;
    expect((await h.handlers['vault.status']({}, page)).sessionKeys?.expiresAt).toBe(start + 110_000);
    h.clock.now = start + 110_000;
    expect((await h.handlers['vault.status']({}, page)).sessionKeys).toBeUndefined();
  });

  test('"when the browser closes" still ends them after the default 15 minutes', async () => {
    const { h, view } = await withSessionKey('browser-close');
    expect(sessionKeyLifetimeMs('browser-close')).toBe(15 * 60_000);
    h.clock.now += 15 * 60_000;
    await expect(h.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  test('Lock ends them, with no vault at all', async () => {
    const { h, view } = await withSessionKey();
    await h.handlers['vault.lock']({}, page);
    await expect(h.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  test('locking the vault, or its auto-lock, ends them too', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const { view } = await withSessionKey(1, h);
    expect((await h.keys.list()).map((key) => key.sessionOnly)).toEqual([true]);
    await h.vault.lock();
    await expect(h.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await h.vault.unlock(PASSPHRASE);
    const again = await h.keys.add({ provider: 'openai', label: 'Again', secret: { apiKey: CANARY_KEY }, settings: {}, sessionOnly: true });
    h.clock.now += 60_000;
    // The vault's auto-lock (the session's deadline) ends the session-only key with it.
    expect(await h.vault.state()).toBe('locked');
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    await expect(h.keys.useSecret(again.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  test('creating a vault with "keep" moves them in: usable from the vault, nothing left in storage.session', async () => {
    const { h, view } = await withSessionKey();
    const status = await h.handlers['vault.create']({ passphrase: PASSPHRASE, keepSessionKeys: true }, page);
    expect(status.state).toBe('unlocked');
    expect(status.sessionKeys).toBeUndefined();
    expect(Object.keys(await fakeBrowser.storage.session.get())).toEqual(['unlocked-session']);
    const [kept, ...rest] = (await h.handlers['keys.list']({}, page)).keys;
    expect(rest).toEqual([]);
    expect(kept).toMatchObject({ label: 'Trial', provider: 'openai', createdAt: view.createdAt, damaged: false });
    expect(kept?.sessionOnly).toBeUndefined();
    expect((await h.keys.useSecret(kept?.id ?? '')).secret.apiKey).toBe(CANARY_KEY);
    await expect(h.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await everything(h)).not.toContain(CANARY_KEY);
  });

  test('creating a vault without "keep" leaves them session-only', async () => {
    const { h, view } = await withSessionKey();
    await h.handlers['vault.create']({ passphrase: PASSPHRASE }, page);
    expect((await h.keys.list()).map((key) => key.id)).toEqual([view.id]);
    expect(await h.db.secrets.count()).toBe(0);
  });

  test('"Keep in vault" moves one key into the unlocked vault', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const { view } = await withSessionKey(15, h);
    const other = await h.keys.add({ provider: 'openai', label: 'Other', secret: { apiKey: `${CANARY_KEY}2` }, settings: {}, sessionOnly: true });
    const kept = await h.handlers['keys.keep']({ id: view.id }, page);
    expect(kept.sessionOnly).toBeUndefined();
    expect((await h.keys.list()).map((key) => [key.label, key.sessionOnly ?? false])).toEqual([
      ['Trial', false],
      ['Other', true],
    ]);
    expect((await h.keys.useSecret(other.id)).secret.apiKey).toBe(`${CANARY_KEY}2`);
    await expect(h.handlers['keys.keep']({ id: view.id }, page)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  test('keeping fails without an unlocked vault and leaves the key where it was', async () => {
    const { h, view } = await withSessionKey();
    await expect(h.handlers['keys.keep']({ id: view.id }, page)).rejects.toMatchObject({ code: 'VAULT_ABSENT' });
    expect((await h.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('delete removes one; the last one takes the data key and the alarm with it', async () => {
    const { h, view } = await withSessionKey();
    await h.handlers['keys.delete']({ id: view.id }, page);
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    expect(await fakeBrowser.alarms.get(SESSION_KEYS_ALARM)).toBeUndefined();
  });

  test('a session-only key cannot be edited or rotated', async () => {
    const { h, view } = await withSessionKey();
    await expect(h.handlers['keys.rotate']({ id: view.id, secret: { apiKey: 'sk-other' } }, page)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(h.handlers['keys.update']({ id: view.id, label: 'Renamed' }, page)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('a sealed secret moved to another record does not open (the associated data names the record)', async () => {
    const { h } = await withSessionKey();
    const second = await h.keys.add({ provider: 'openai', label: 'Second', secret: { apiKey: 'sk-second-key-000000000000' }, settings: {}, sessionOnly: true });
    const stored = (await fakeBrowser.storage.session.get('session-keys'))['session-keys'] as { keys: { sealed: unknown }[] };
    const [first, last] = stored.keys;
    if (!first || !last) throw new Error('two keys expected');
    last.sealed = first.sealed;
    await fakeBrowser.storage.session.set({ 'session-keys': stored });
    await expect(h.keys.useSecret(second.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  test('a session-only key for a local server gets its Origin rule, like a saved one', async () => {
    const updateSessionRules = vi.fn(async (_change: { addRules: unknown[] }) => undefined);
    Object.assign(fakeBrowser, { declarativeNetRequest: { getSessionRules: async () => [], updateSessionRules } });
    // The host permission for the local server is granted (the fake browser's types say contains() returns nothing).
    const contains = fakeBrowser.permissions.contains;
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    try {
      const h = createHarness();
      await h.handlers['keys.add']({ provider: 'ollama', label: 'Local', secret: {}, settings: { baseUrl: 'http://127.0.0.1:11434' }, sessionOnly: true }, page);
      expect(JSON.stringify(updateSessionRules.mock.calls.at(-1)?.[0].addRules)).toContain('127.0.0.1:11434');
    } finally {
      Object.assign(fakeBrowser.permissions, { contains });
      Reflect.deleteProperty(fakeBrowser, 'declarativeNetRequest');
    }
  });

  test('the policy hook: allowed unless a policy says no', () => {
    expect(sessionKeysAllowed()).toBe(true);
    expect(sessionKeysAllowed({})).toBe(true);
    expect(sessionKeysAllowed({ sessionKeys: false })).toBe(false);
  });
});
