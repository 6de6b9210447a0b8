import { afterEach, describe, expect, test, vi } from 'vitest';
import { createHarness, PASSPHRASE } from '../helpers/harness';

/**
 * `vault.status` is the message that wakes the worker most often (every page asks it on open), so it
 * reads what it needs in one go: one IndexedDB transaction for the header and the unlock counter, and
 * a look at the session that imports no key. The answers stay those of the full path.
 */
const page = { sender: 'extension-page' } as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vault.status', () => {
  test('after a worker restart, an unlocked vault answers from one transaction and imports no key', async () => {
    const first = createHarness();
    await first.handlers['vault.create']({ passphrase: PASSPHRASE }, page);
    const woken = first.restart();
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const status = await woken.handlers['vault.status']({}, page);
    expect(status).toMatchObject({ state: 'unlocked', autoLock: 15, locksAt: first.clock.now + 15 * 60_000 });
    expect(status.passphraseSetAt).toBeTypeOf('number');
    expect(status.retryAfterMs).toBeUndefined();
    expect(importKey).not.toHaveBeenCalled();
    const onVault = transaction.mock.contexts.filter((db) => (db as IDBDatabase).name === woken.db.name);
    expect(onVault).toHaveLength(1);
    // The full path agrees.
    expect(await woken.vault.state()).toBe('unlocked');
  });

  test('absent, locked with the unlock delay, and a session past its deadline locked at once', async () => {
    const h = createHarness();
    expect(await h.handlers['vault.status']({}, page)).toEqual({ state: 'absent', autoLock: 15 });
    await h.handlers['vault.create']({ passphrase: PASSPHRASE }, page);
    await h.vault.lock();
    for (let attempt = 0; attempt < 3; attempt++) await expect(h.vault.unlock('wrong passphrase!')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const locked = await h.restart().handlers['vault.status']({}, page);
    expect(locked).toMatchObject({ state: 'locked', retryAfterMs: 1000 });
    expect(locked.locksAt).toBeUndefined();

    h.clock.now += 1000;
    await h.vault.unlock(PASSPHRASE);
    h.clock.now += 15 * 60_000;
    const woken = h.restart();
    const expired = await woken.handlers['vault.status']({}, page);
    expect(expired).toMatchObject({ state: 'locked' });
    expect(expired.locksAt).toBeUndefined();
    // The expired session is gone, not just hidden: even the full path with the clock turned back finds none.
    h.clock.now -= 15 * 60_000;
    expect(await woken.session.current()).toBeUndefined();
  });
});
