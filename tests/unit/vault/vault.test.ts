import { describe, expect, test, vi } from 'vitest';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';
import { MIN_PBKDF2_ITERATIONS, CURRENT_PBKDF2_ITERATIONS, VaultMeta } from '@/src/vault/format';
import { fromBase64 } from '@/src/vault/encoding';

async function unlockedWithKey() {
  const h = createHarness();
  await h.vault.create(PASSPHRASE);
  const view = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
  return { h, view };
}

describe('vault lifecycle', () => {
  test('a new vault uses PBKDF2-SHA256 with at least 600,000 iterations and a 32-byte salt', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    expect(meta.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: CURRENT_PBKDF2_ITERATIONS });
    expect(CURRENT_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(fromBase64(meta.kdf.salt).length).toBe(32);
    expect(await h.vault.state()).toBe('unlocked');
  });

  test('create refuses a short passphrase and a second vault', async () => {
    const h = createHarness();
    await expect(h.vault.create('short')).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    await h.vault.create(PASSPHRASE);
    await expect(h.vault.create(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
  });

  test('lock forgets the key; unlock with the passphrase brings it back', async () => {
    const { h, view } = await unlockedWithKey();
    await h.vault.lock();
    expect(await h.vault.state()).toBe('locked');
    await expect(h.keys.list()).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await h.vault.unlock(PASSPHRASE);
    const [listed] = await h.keys.list();
    expect(listed?.id).toBe(view.id);
    expect((await h.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('a wrong passphrase says so, changes nothing, and repeated failures slow down', async () => {
    const { h } = await unlockedWithKey();
    await h.vault.lock();
    const before = await h.db.meta.get('main');
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(h.vault.unlock('wrong passphrase!')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 1000 });
    h.clock.now += 1000;
    await expect(h.vault.unlock('wrong again!!')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const throttled = h.vault.unlock(PASSPHRASE);
    await expect(throttled).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 2000 });
    // The delay survives a worker restart (it is in IndexedDB, not in memory).
    await expect(h.restart().vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED' });
    h.clock.now += 2000;
    await h.vault.unlock(PASSPHRASE);
    expect(await h.db.meta.get('main')).toEqual(before);
    expect(await h.db.secrets.count()).toBe(1);
    expect(await h.vault.unlockDelayMs()).toBe(0);
  });

  test('downgrade protection: a header below 600,000 iterations is refused and left untouched', async () => {
    const { h } = await unlockedWithKey();
    await h.vault.lock();
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    await h.db.meta.put({ ...meta, kdf: { ...meta.kdf, iterations: MIN_PBKDF2_ITERATIONS - 1 } });
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DOWNGRADE' });
    expect((await h.db.meta.get('main'))?.kdf.iterations).toBe(MIN_PBKDF2_ITERATIONS - 1);
  });

  test('raising the iterations in the header without the key also fails: parameters are bound to the wrapped key', async () => {
    const { h } = await unlockedWithKey();
    await h.vault.lock();
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    await h.db.meta.put({ ...meta, kdf: { ...meta.kdf, iterations: meta.kdf.iterations + 1 } });
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  test('an older vault (600,000 iterations) is upgraded on unlock and keeps every key', async () => {
    const old = createHarness({ iterations: MIN_PBKDF2_ITERATIONS });
    await old.vault.create(PASSPHRASE);
    const view = await old.keys.add({ provider: 'openai', label: 'Old', secret: { apiKey: CANARY_KEY }, settings: {} });
    await old.vault.lock();
    const upgraded = createHarness({ dbName: old.db.name, clock: old.clock });
    await upgraded.vault.unlock(PASSPHRASE);
    const meta = VaultMeta.parse(await upgraded.db.meta.get('main'));
    expect(meta.kdf.iterations).toBe(CURRENT_PBKDF2_ITERATIONS);
    expect((await upgraded.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
    await upgraded.vault.lock();
    await upgraded.vault.unlock(PASSPHRASE);
  });

  test('a damaged header gives a clear error and is not overwritten', async () => {
    const { h } = await unlockedWithKey();
    await h.vault.lock();
    await h.db.meta.update('main', { kdf: { name: 'scrypt' } as never });
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
    expect((await h.db.meta.get('main'))?.kdf.name).toBe('scrypt');
  });

  test('wipe removes everything', async () => {
    const { h } = await unlockedWithKey();
    await h.vault.wipe(PASSPHRASE);
    expect(await h.vault.state()).toBe('absent');
    expect(await h.db.secrets.count()).toBe(0);
  });
});

describe('changing the passphrase', () => {
  test('re-encrypts every record under a new data key; only the new passphrase opens it', async () => {
    const { h, view } = await unlockedWithKey();
    const second = await h.keys.add({ provider: 'anthropic', label: 'Home', secret: { apiKey: 'sk-ant-api03-secondsecretvalue0123456789' }, settings: {} });
    const before = await h.db.secrets.toArray();
    const metaBefore = VaultMeta.parse(await h.db.meta.get('main'));
    await h.vault.changePassphrase(PASSPHRASE, 'a brand new passphrase 42');
    const after = await h.db.secrets.toArray();
    const metaAfter = VaultMeta.parse(await h.db.meta.get('main'));
    expect(metaAfter.dataKeyId).not.toBe(metaBefore.dataKeyId);
    expect(metaAfter.kdf.salt).not.toBe(metaBefore.kdf.salt);
    for (const record of after) {
      expect(record.sealed.ciphertext).not.toBe(before.find((old) => old.id === record.id)?.sealed.ciphertext);
    }
    // Still unlocked, with the new key, without a prompt.
    expect((await h.keys.useSecret(second.id)).secret.apiKey).toBe('sk-ant-api03-secondsecretvalue0123456789');
    await h.vault.lock();
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await h.vault.unlock('a brand new passphrase 42');
    expect((await h.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('a wrong current passphrase changes nothing', async () => {
    const { h } = await unlockedWithKey();
    const before = await h.db.meta.get('main');
    await expect(h.vault.changePassphrase('not the passphrase', 'another passphrase 1')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(await h.db.meta.get('main')).toEqual(before);
  });

  test('a failure midway through the write leaves the old vault whole, opening with the old passphrase', async () => {
    const { h, view } = await unlockedWithKey();
    await h.keys.add({ provider: 'mistral', label: 'M', secret: { apiKey: 'abcdefghijklmnopqrstuvwxyz012345' }, settings: {} });
    const metaBefore = await h.db.meta.get('main');
    const secretsBefore = await h.db.secrets.toArray();
    // The records are written first; the header write then fails, as a crash at that point would.
    const spy = vi.spyOn(h.db.meta, 'put').mockImplementation(() => {
      throw new Error('simulated crash while writing the header');
    });
    await expect(h.vault.changePassphrase(PASSPHRASE, 'the next passphrase 7')).rejects.toThrow();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(await h.db.meta.get('main')).toEqual(metaBefore);
    expect(await h.db.secrets.toArray()).toEqual(secretsBefore);
    const fresh = h.restart();
    await fresh.vault.lock();
    await expect(fresh.vault.unlock('the next passphrase 7')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    fresh.clock.now += 10_000;
    await fresh.vault.unlock(PASSPHRASE);
    expect((await fresh.keys.useSecret(view.id)).secret.apiKey).toBe(CANARY_KEY);
    expect(await fresh.db.secrets.count()).toBe(2);
  });

  test('a damaged record stops the change with its name and writes nothing', async () => {
    const { h, view } = await unlockedWithKey();
    await h.db.secrets.update(view.id, { sealed: { iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAAAAAAAAAAAAAAAAAAAAAA' } });
    const before = await h.db.meta.get('main');
    await expect(h.vault.changePassphrase(PASSPHRASE, 'the next passphrase 7')).rejects.toMatchObject({
      code: 'RECORD_DAMAGED',
      message: expect.stringContaining('"Work"'),
    });
    expect(await h.db.meta.get('main')).toEqual(before);
  });
});
