import { test, expect } from './fixtures/test';
import { call, errorCode, sendMessage, sendRaw } from './fixtures/messaging';
import { keyCanary, passphraseCanary } from './fixtures/canary';

/**
 * The vault's life cycle through the real background of the built extension, driven by messages
 * from the options page (the UI is not involved).
 */
test('create, add a key, see it only masked, lock, refuse a wrong passphrase, unlock', async ({ optionsPage: page }) => {
  const passphrase = passphraseCanary();
  const key = keyCanary();
  const mustNotLeak = (reply: unknown) => {
    const text = JSON.stringify(reply);
    expect(text, 'a reply contains the API key').not.toContain(key.core);
    expect(text, 'a reply contains the passphrase').not.toContain(passphrase.core);
  };

  await test.step('no vault yet', async () => {
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'absent' });
    expect(errorCode(await sendMessage(page, 'keys.list', {}))).toBe('VAULT_ABSENT');
  });

  await test.step('a short passphrase is refused', async () => {
    expect(errorCode(await sendMessage(page, 'vault.create', { passphrase: 'short' }))).toBe('WEAK_PASSPHRASE');
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'absent' });
  });

  await test.step('create → unlocked', async () => {
    const status = await call(page, 'vault.create', { passphrase: passphrase.value });
    expect(status.state).toBe('unlocked');
    mustNotLeak(status);
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
  });

  const masked = `sk-…${key.value.slice(-4)}`;
  let id = '';
  await test.step('add a key: only the masked form comes back', async () => {
    const reply = await sendMessage(page, 'keys.add', {
      provider: 'openai',
      label: 'Work key',
      secret: { apiKey: key.value },
      settings: {},
    });
    mustNotLeak(reply);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.data).toMatchObject({ provider: 'openai', label: 'Work key', masked, damaged: false, formatWarnings: [] });
    id = reply.data.id;
  });

  await test.step('keys.list shows sk-…xxxx and never the key', async () => {
    const reply = await sendMessage(page, 'keys.list', {});
    mustNotLeak(reply);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.data.keys).toHaveLength(1);
    expect(reply.data.keys[0]).toMatchObject({ id, masked, label: 'Work key' });
    expect(Object.keys(reply.data.keys[0] ?? {})).not.toContain('secret');
  });

  await test.step('lock → key messages fail with VAULT_LOCKED', async () => {
    expect(await call(page, 'vault.lock', {})).toMatchObject({ state: 'locked' });
    for (const reply of [
      await sendMessage(page, 'keys.list', {}),
      await sendMessage(page, 'keys.add', { provider: 'openai', label: 'x', secret: { apiKey: key.value }, settings: {} }),
      await sendMessage(page, 'keys.rotate', { id, secret: { apiKey: key.value } }),
      await sendMessage(page, 'vault.export', { passphrase: passphrase.value }),
    ]) {
      mustNotLeak(reply);
      expect(errorCode(reply)).toBe('VAULT_LOCKED');
    }
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
  });

  await test.step('a wrong passphrase → WRONG_PASSPHRASE, still locked', async () => {
    const reply = await sendMessage(page, 'vault.unlock', { passphrase: `${passphrase.value}x` });
    expect(errorCode(reply)).toBe('WRONG_PASSPHRASE');
    mustNotLeak(reply);
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
    expect(errorCode(await sendMessage(page, 'keys.list', {}))).toBe('VAULT_LOCKED');
  });

  await test.step('the right passphrase unlocks; the key is still there', async () => {
    const status = await call(page, 'vault.unlock', { passphrase: passphrase.value });
    expect(status.state).toBe('unlocked');
    const reply = await sendMessage(page, 'keys.list', {});
    mustNotLeak(reply);
    expect(reply.ok && reply.data.keys.map((view) => [view.id, view.masked])).toEqual([[id, masked]]);
  });
});

test('a foreign or malformed envelope is refused before any handler runs', async ({ optionsPage: page }) => {
  await call(page, 'vault.create', { passphrase: passphraseCanary().value });
  expect(await sendRaw(page, { channel: 'other', type: 'keys.list', payload: {} })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await sendRaw(page, { channel: 'keyward', type: 'keys.steal', payload: {} })).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_MESSAGE' },
  });
  expect(await sendRaw(page, { channel: 'keyward', type: 'keys.list', payload: { extra: true } })).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST' },
  });
});
