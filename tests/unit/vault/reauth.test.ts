import { describe, expect, test } from 'vitest';
import { createRouter } from '@/src/messaging/router';
import type { MessageType, Reply, RequestOf } from '@/src/messaging/protocol';
import { readSettings } from '@/src/settings/settings-store';
import { dataKeyAssociatedData, deriveKeyEncryptionKey, newDataKeyBytes, seal } from '@/src/vault/crypto';
import { VaultMeta } from '@/src/vault/format';
import { CANARY_KEY, PASSPHRASE } from '../helpers/harness';
import { spendHarness, type SpendHarness } from '../usage/helpers';

/**
 * Issue 11, findings 2 and 7: from an unlocked options page, pointing a stored key at another
 * server, exporting, wiping and loosening auto-lock need the vault passphrase. Each is refused
 * without it or with a wrong one and changes nothing; wrong ones count in the unlock throttle; the
 * audit log has the outcome and never the passphrase.
 */

const SELF = { id: 'ourextensionid', origin: 'chrome-extension://ourextensionid' };
const OPTIONS_PAGE = { id: SELF.id, url: `${SELF.origin}/options.html`, origin: SELF.origin };
const WRONG = 'not the vault passphrase at all';

async function setUp() {
  const h = spendHarness();
  await h.vault.create(PASSPHRASE);
  const key = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: 'https://proxy.example.com/v1' } });
  const route = createRouter(h.handlers, SELF);
  const send = <T extends MessageType>(type: T, payload: RequestOf<T> | Record<string, unknown>) =>
    route({ channel: 'keyward', type, payload }, OPTIONS_PAGE) as Promise<Reply<unknown>>;
  return { h, key, send };
}

const code = (reply: Reply<unknown>) => (reply.ok ? 'ok' : reply.error.code);

/** Everything a refused request must have left as it was. */
async function snapshot(h: SpendHarness) {
  return {
    state: await h.vault.state(),
    meta: await h.db.meta.toArray(),
    secrets: await h.db.secrets.toArray(),
    epoch: await h.db.epoch.toArray(),
    settings: await readSettings(),
  };
}

async function auditSummary(h: SpendHarness): Promise<string[]> {
  const rows = await h.spend.db.audit.orderBy('seq').toArray();
  expect(JSON.stringify(rows)).not.toContain(PASSPHRASE);
  expect(JSON.stringify(rows)).not.toContain(WRONG);
  return rows.map((row) => [row.action, row.outcome, row.errorClass ?? row.detail ?? ''].join(' ').trim());
}

describe('the passphrase guards loosening changes', () => {
  test('vault.export: refused without the passphrase (schema) and with a wrong one; the right one exports', async () => {
    const { h, send } = await setUp();
    const before = await snapshot(h);
    const missing = await send('vault.export', {});
    expect(code(missing)).toBe('BAD_REQUEST');
    const wrong = await send('vault.export', { passphrase: WRONG });
    expect(code(wrong)).toBe('WRONG_PASSPHRASE');
    expect(JSON.stringify(wrong)).not.toContain('keyward-vault-backup');
    expect(await snapshot(h)).toEqual(before);
    const right = await send('vault.export', { passphrase: PASSPHRASE });
    expect(right).toMatchObject({ ok: true, data: { content: expect.stringContaining('"keyward-vault-backup"') as string } });
    expect((await auditSummary(h)).filter((line) => line.startsWith('vault.exported'))).toEqual(['vault.exported error WRONG_PASSPHRASE', 'vault.exported ok']);
  });

  test('vault.wipe while unlocked: refused without the passphrase and with a wrong one, and nothing is deleted', async () => {
    const { h, key, send } = await setUp();
    const before = await snapshot(h);
    expect(code(await send('vault.wipe', { confirm: 'DELETE ALL KEYS' }))).toBe('PASSPHRASE_REQUIRED');
    expect(code(await send('vault.wipe', { confirm: 'DELETE ALL KEYS', passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    expect(await snapshot(h)).toEqual(before);
    expect((await h.keys.useSecret(key.id)).secret.apiKey).toBe(CANARY_KEY);
    expect(await send('vault.wipe', { confirm: 'DELETE ALL KEYS', passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'absent' } });
    expect(await h.db.secrets.count()).toBe(0);
    expect((await auditSummary(h)).filter((line) => line.startsWith('vault.wiped'))).toEqual([
      'vault.wiped error PASSPHRASE_REQUIRED',
      'vault.wiped error WRONG_PASSPHRASE',
      'vault.wiped ok',
    ]);
  });

  test('vault.wipe while locked (a forgotten passphrase) needs only the typed confirmation', async () => {
    const { h, send } = await setUp();
    await h.vault.lock();
    expect(await send('vault.wipe', { confirm: 'DELETE ALL KEYS' })).toMatchObject({ ok: true, data: { state: 'absent' } });
  });

  test('settings.update: a longer auto-lock needs the passphrase, a shorter one does not', async () => {
    const { h, send } = await setUp();
    const before = await snapshot(h);
    for (const autoLock of [30, 240, 'browser-close'] as const) {
      expect(code(await send('settings.update', { autoLock }))).toBe('PASSPHRASE_REQUIRED');
    }
    h.clock.now += 60_000;
    expect(code(await send('settings.update', { autoLock: 'browser-close', passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    // Other fields of a refused update are not written either.
    expect(code(await send('settings.update', { autoLock: 60, requestsPerMinutePerKey: 3 }))).toBe('PASSPHRASE_REQUIRED');
    expect(await snapshot(h)).toEqual(before);

    expect(await send('settings.update', { autoLock: 5 })).toMatchObject({ ok: true, data: { autoLock: 5 } });
    expect(await send('settings.update', { requestsPerMinutePerKey: 7 })).toMatchObject({ ok: true, data: { requestsPerMinutePerKey: 7 } });
    expect(await send('settings.update', { autoLock: 'browser-close', passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { autoLock: 'browser-close' } });
    expect(await send('settings.update', { autoLock: 1 })).toMatchObject({ ok: true, data: { autoLock: 1 } });
    expect((await auditSummary(h)).filter((line) => line.startsWith('vault.auto-lock'))).toEqual([
      'vault.auto-lock-changed error PASSPHRASE_REQUIRED',
      'vault.auto-lock-changed error PASSPHRASE_REQUIRED',
      'vault.auto-lock-changed error PASSPHRASE_REQUIRED',
      'vault.auto-lock-changed error WRONG_PASSPHRASE',
      'vault.auto-lock-changed error PASSPHRASE_REQUIRED',
      'vault.auto-lock-changed ok 5',
      'vault.auto-lock-changed ok browser-close',
      'vault.auto-lock-changed ok 1',
    ]);
  });

  test('settings.update while locked: loosening still needs the passphrase (it would apply at the next unlock)', async () => {
    const { h, send } = await setUp();
    await h.vault.lock();
    expect(code(await send('settings.update', { autoLock: 240 }))).toBe('PASSPHRASE_REQUIRED');
    expect(code(await send('settings.update', { autoLock: 240, passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    expect((await readSettings()).autoLock).toBe(15);
    expect(await send('settings.update', { autoLock: 240, passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { autoLock: 240 } });
    expect(await h.vault.state()).toBe('locked');
  });

  test('keys.update: new settings need the passphrase or the secret typed again; a new label needs nothing', async () => {
    const { h, key, send } = await setUp();
    const before = await snapshot(h);
    const elsewhere = { baseUrl: 'https://attacker.example/v1' };
    expect(code(await send('keys.update', { id: key.id, settings: elsewhere }))).toBe('PASSPHRASE_REQUIRED');
    expect(code(await send('keys.update', { id: key.id, settings: elsewhere, passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    expect(code(await send('keys.update', { id: key.id, label: 'Moved', settings: elsewhere, secret: { apiKey: '  ' } }))).toBe('PASSPHRASE_REQUIRED');
    expect(await snapshot(h)).toEqual(before);
    const stored = await h.keys.useSecret(key.id);
    expect(stored.record.settings).toEqual({ baseUrl: 'https://proxy.example.com/v1' });
    expect(stored.record.label).toBe('Work');

    // The same settings (any order, a trailing slash) and a new label: no passphrase.
    expect(await send('keys.update', { id: key.id, label: 'Renamed', settings: { baseUrl: 'https://proxy.example.com/v1/' } })).toMatchObject({ ok: true });
    // The right passphrase moves the key.
    expect(await send('keys.update', { id: key.id, settings: elsewhere, passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { settings: elsewhere } });
    expect((await h.keys.useSecret(key.id)).secret.apiKey).toBe(CANARY_KEY);
    // The secret typed again moves it too, and replaces the stored one.
    const retyped = 'sk-proj-RETYPEDkey0123456789abcdefghijklmn';
    expect(await send('keys.update', { id: key.id, settings: { baseUrl: 'https://third.example/v1' }, secret: { apiKey: retyped } })).toMatchObject({ ok: true });
    expect((await h.keys.useSecret(key.id)).secret.apiKey).toBe(retyped);
    expect((await auditSummary(h)).filter((line) => line.startsWith('key.updated'))).toEqual([
      'key.updated error PASSPHRASE_REQUIRED',
      'key.updated error WRONG_PASSPHRASE',
      'key.updated error PASSPHRASE_REQUIRED',
      'key.updated ok',
      'key.updated ok',
      'key.updated ok',
    ]);
  });

  test('wrong passphrases here count in the unlock throttle, and a throttled vault refuses even the right one', async () => {
    const { h, key, send } = await setUp();
    expect(code(await send('vault.export', { passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    expect(code(await send('vault.wipe', { confirm: 'DELETE ALL KEYS', passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    expect(code(await send('keys.update', { id: key.id, settings: { baseUrl: 'https://x.example/v1' }, passphrase: WRONG }))).toBe('WRONG_PASSPHRASE');
    expect(await h.vault.unlockDelayMs()).toBeGreaterThan(0);
    for (const reply of [
      await send('settings.update', { autoLock: 240, passphrase: PASSPHRASE }),
      await send('vault.export', { passphrase: PASSPHRASE }),
      await send('vault.wipe', { confirm: 'DELETE ALL KEYS', passphrase: PASSPHRASE }),
    ]) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'THROTTLED', retryAfterMs: expect.any(Number) as number } });
    }
    await h.vault.lock();
    expect(code(await send('vault.unlock', { passphrase: PASSPHRASE }))).toBe('THROTTLED');
    // The delay passes; the right passphrase then works and clears the count.
    h.clock.now += 1_000;
    expect(await send('vault.export', { passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    await h.vault.unlock(PASSPHRASE);
    expect(await send('vault.export', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    expect(await h.vault.unlockDelayMs()).toBe(0);
    expect(await h.db.secrets.count()).toBe(1);
  });

  test('a passphrase that opens the header but not the open session\'s data key is refused', async () => {
    const { h, send } = await setUp();
    // A header planted behind the open session's back, with the same ids but another data key
    // under another passphrase: that passphrase must not authorize anything in this session.
    const mine = VaultMeta.parse(await h.db.meta.get('main'));
    const kek = await deriveKeyEncryptionKey('the planted passphrase', mine.kdf);
    const wrappedDataKey = await seal(kek, newDataKeyBytes(), dataKeyAssociatedData(mine.vaultId, mine.formatVersion, mine.kdf, mine.dataKeyId));
    await h.db.meta.put({ ...mine, wrappedDataKey });
    expect(code(await send('vault.export', { passphrase: 'the planted passphrase' }))).toBe('CONFLICT');
    expect(code(await send('settings.update', { autoLock: 240, passphrase: 'the planted passphrase' }))).toBe('CONFLICT');
    expect((await readSettings()).autoLock).toBe(15);
  });
});
