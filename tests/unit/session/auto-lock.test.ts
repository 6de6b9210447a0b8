import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';
import { AUTO_LOCK_ALARM } from '@/src/session/unlocked-session';
import { writeSettings } from '@/src/settings/settings-store';

async function unlocked(autoLock: 1 | 5 | 15 | 'browser-close' = 15) {
  const h = createHarness();
  await writeSettings({ autoLock });
  await h.vault.create(PASSPHRASE);
  const view = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
  await h.session.touch();
  return { h, view };
}

describe('unlocked session and auto-lock', () => {
  test('the unlocked state survives a worker restart through storage.session only', async () => {
    const { h, view } = await unlocked();
    const restarted = h.restart();
    expect(await restarted.vault.state()).toBe('unlocked');
    expect((await restarted.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain('dataKey');
    expect(Object.keys(await fakeBrowser.storage.session.get())).toEqual(['unlocked-session']);
  });

  test('default is 15 minutes, enforced against the clock at every use even without the alarm', async () => {
    const { h, view } = await unlocked(15);
    const unlockedAt = h.clock.now;
    expect(await h.session.locksAt()).toBe(unlockedAt + 15 * 60_000);
    h.clock.now = unlockedAt + 15 * 60_000 - 1;
    expect(await h.vault.state()).toBe('unlocked');
    h.clock.now = unlockedAt + 15 * 60_000;
    // A restarted worker that never saw the alarm still refuses.
    await expect(h.restart().keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  test('activity pushes the deadline; reading the status does not', async () => {
    const { h } = await unlocked(1);
    const start = h.clock.now;
    h.clock.now = start + 50_000;
    await h.handlers['keys.rotate']({ id: (await h.keys.list())[0]?.id ?? '', secret: { apiKey: CANARY_KEY } }, { sender: 'extension-page' });
    h.clock.now = start + 100_000;
    expect((await h.handlers['vault.status']({}, { sender: 'extension-page' })).state).toBe('unlocked');
    h.clock.now = start + 50_000 + 60_000;
    expect((await h.handlers['vault.status']({}, { sender: 'extension-page' })).state).toBe('locked');
  });

  test('activity after the deadline does not revive the session (the alarm may not have fired yet)', async () => {
    const { h, view } = await unlocked(1);
    h.clock.now += 60_000;
    const restarted = h.restart();
    await restarted.session.touch();
    await restarted.session.reschedule();
    await expect(restarted.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  test('a lock while activity is being recorded stays locked', async () => {
    const { h, view } = await unlocked(15);
    const read = fakeBrowser.storage.session.get.bind(fakeBrowser.storage.session);
    // The lock lands after touch() read the record and before it writes it back.
    vi.spyOn(fakeBrowser.storage.session, 'get').mockImplementationOnce(async (keys) => {
      const found = await read(keys);
      await h.session.close();
      return found;
    });
    await h.session.touch();
    await expect(h.keys.useSecret(view.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  test('the alarm is armed at the deadline and cleared on lock', async () => {
    const { h } = await unlocked(5);
    const alarm = await fakeBrowser.alarms.get(AUTO_LOCK_ALARM);
    expect(alarm?.scheduledTime).toBe(await h.session.locksAt());
    await h.vault.lock();
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
  });

  test('"when the browser closes" sets no deadline; a browser restart (empty session storage) locks', async () => {
    const { h } = await unlocked('browser-close');
    h.clock.now += 365 * 24 * 3_600_000;
    expect(await h.vault.state()).toBe('unlocked');
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
    await fakeBrowser.storage.session.clear();
    expect(await h.restart().vault.state()).toBe('locked');
  });

  test('lock removes the data key from session storage', async () => {
    const { h } = await unlocked();
    expect(JSON.stringify(await fakeBrowser.storage.session.get())).toContain('dataKey');
    await h.vault.lock();
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  test('a session left over from before a passphrase change elsewhere is closed, not trusted', async () => {
    const { h } = await unlocked();
    const other = h.restart();
    await other.vault.changePassphrase(PASSPHRASE, 'the next passphrase 9');
    const stale = { ...(await fakeBrowser.storage.session.get('unlocked-session')) };
    await other.vault.lock();
    await fakeBrowser.storage.session.set(stale);
    expect(await h.vault.state()).toBe('unlocked');
    await h.db.meta.update('main', { dataKeyId: 'something-else' });
    expect(await h.vault.state()).toBe('locked');
  });
});
