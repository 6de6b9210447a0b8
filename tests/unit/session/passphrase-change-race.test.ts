import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';

const NEXT = 'granite velvet oboe pelican';

async function unlocked() {
  const h = createHarness();
  await h.vault.create(PASSPHRASE);
  const view = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
  return { h, view };
}

describe('a passphrase change racing with readers of the session', () => {
  test('a reader that saw the old session while the change landed does not lock the vault', async () => {
    const { h, view } = await unlocked();
    const readMeta = h.vault.readMeta.bind(h.vault);
    // The reader has the old session in hand; the whole change lands before it reads the header.
    vi.spyOn(h.vault, 'readMeta').mockImplementationOnce(async () => {
      await h.vault.changePassphrase(PASSPHRASE, NEXT);
      return readMeta();
    });
    expect((await h.keys.list()).map((key) => key.id)).toEqual([view.id]);
    expect(await h.vault.state()).toBe('unlocked');
    expect((await h.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('recording activity while the change opens the new session does not bring the old one back', async () => {
    const { h, view } = await unlocked();
    const read = fakeBrowser.storage.session.get.bind(fakeBrowser.storage.session);
    // touch() reads the old session; the change replaces it before touch() writes it back.
    vi.spyOn(fakeBrowser.storage.session, 'get').mockImplementationOnce(async (keys) => {
      const found = await read(keys);
      await h.vault.changePassphrase(PASSPHRASE, NEXT);
      return found;
    });
    await h.session.touch();
    expect(await h.vault.state()).toBe('unlocked');
    expect((await h.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('a session the header no longer matches (the worker stopped mid-change) is still closed', async () => {
    const { h, view } = await unlocked();
    const stale = await fakeBrowser.storage.session.get();
    await h.vault.changePassphrase(PASSPHRASE, NEXT);
    await fakeBrowser.storage.session.set(stale);
    const restarted = h.restart();
    expect(await restarted.vault.state()).toBe('locked');
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    await restarted.vault.unlock(NEXT);
    expect((await restarted.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
  });
});
