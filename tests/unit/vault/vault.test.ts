import { describe, expect, test, vi } from 'vitest';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';
import { MIN_ARGON2_MEMORY_KIB, MIN_PBKDF2_ITERATIONS, VaultMeta, type Argon2idParams, type SecretRecord } from '@/src/vault/format';
import { fromBase64, toBase64, utf8 } from '@/src/vault/encoding';
import { dataKeyAssociatedData, deriveKeyEncryptionKey, open } from '@/src/vault/crypto';
import { AppError } from '@/src/shared/errors';
import { argon2Params, craftVault, pbkdf2Params, plantVault } from '../helpers/legacy-vault';

async function unlockedWithKey() {
  const h = createHarness();
  await h.vault.create(PASSPHRASE);
  const view = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
  return { h, view };
}

describe('vault lifecycle', () => {
  test('a new vault is format 2: Argon2id with at least 64 MiB, 3 passes and a 32-byte salt', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    expect(meta.formatVersion).toBe(2);
    expect(meta.kdf).toMatchObject({ name: 'Argon2id', iterations: 3, parallelism: 4 });
    expect((meta.kdf as Argon2idParams).memoryKiB).toBeGreaterThanOrEqual(64 * 1024);
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

  test('downgrade protection: a version-1 header below 600,000 iterations is refused and left untouched', async () => {
    const h = createHarness();
    await plantVault(h.db, await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(MIN_PBKDF2_ITERATIONS - 1), formatVersion: 1 }));
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DOWNGRADE' });
    expect((await h.db.meta.get('main'))?.kdf.iterations).toBe(MIN_PBKDF2_ITERATIONS - 1);
  });

  test('downgrade protection: a version-2 header with less than 64 MiB, fewer passes or a short salt is refused, even when it was wrapped with those settings', async () => {
    for (const kdf of [argon2Params({ memoryKiB: MIN_ARGON2_MEMORY_KIB - 1024 }), argon2Params({ iterations: 2 }), argon2Params({ saltBytes: 8 })]) {
      const h = createHarness();
      await plantVault(h.db, await craftVault({ passphrase: PASSPHRASE, kdf, formatVersion: 2 }));
      await expect(h.vault.unlock(PASSPHRASE), JSON.stringify({ ...kdf, salt: undefined })).rejects.toMatchObject({ code: 'VAULT_DOWNGRADE' });
      expect(await h.vault.state()).toBe('locked');
    }
  });

  test('a header claiming a PBKDF2 version-2 vault, or an unknown newer version, is refused before any derivation', async () => {
    const h = createHarness();
    await plantVault(h.db, await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(), formatVersion: 2 }));
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
    const newer = createHarness();
    await plantVault(newer.db, await craftVault({ passphrase: PASSPHRASE, kdf: argon2Params(), formatVersion: 99 }));
    await expect(newer.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DAMAGED', message: expect.stringContaining('newer version') });
  });

  test.each([
    ['memoryKiB', (kdf: Argon2idParams) => ({ ...kdf, memoryKiB: kdf.memoryKiB + 1024 })],
    ['iterations', (kdf: Argon2idParams) => ({ ...kdf, iterations: kdf.iterations + 1 })],
    ['parallelism', (kdf: Argon2idParams) => ({ ...kdf, parallelism: kdf.parallelism === 4 ? 1 : 4 })],
    ['salt', (kdf: Argon2idParams) => ({ ...kdf, salt: toBase64(new Uint8Array(32).fill(1)) })],
  ])('editing %s in the header without the key fails: every Argon2id parameter is bound to the wrapped key', async (_param, edit) => {
    const { h } = await unlockedWithKey();
    await h.vault.lock();
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    await h.db.meta.put({ ...meta, kdf: edit(meta.kdf as Argon2idParams) });
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  test('the wrapped data key is bound to every Argon2id parameter by its associated data, not only by the derived key', async () => {
    // Editing a parameter also changes the derived key, which alone makes unlock fail; here the
    // right key is used, so only the associated data can refuse an edited header.
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    const kdf = meta.kdf as Argon2idParams;
    const aad = (params: Argon2idParams, formatVersion = 2) => dataKeyAssociatedData(meta.vaultId, formatVersion, params, meta.dataKeyId);
    expect(utf8.decode(aad(kdf))).toBe(
      JSON.stringify(['keyward.data-key', 2, meta.vaultId, meta.dataKeyId, 'Argon2id', kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt]),
    );
    const kek = await deriveKeyEncryptionKey(PASSPHRASE, kdf);
    const refused = () => new AppError('WRONG_PASSPHRASE', 'refused');
    expect(await open(kek, meta.wrappedDataKey, aad(kdf), refused)).toHaveLength(32);
    for (const [edited, formatVersion] of [
      [{ ...kdf, memoryKiB: kdf.memoryKiB * 2 }, 2],
      [{ ...kdf, iterations: kdf.iterations + 1 }, 2],
      [{ ...kdf, parallelism: kdf.parallelism + 1 }, 2],
      [{ ...kdf, salt: toBase64(new Uint8Array(32)) }, 2],
      [kdf, 3],
    ] as const) {
      await expect(open(kek, meta.wrappedDataKey, aad(edited, formatVersion), refused), JSON.stringify({ ...edited, formatVersion })).rejects.toMatchObject({
        code: 'WRONG_PASSPHRASE',
      });
    }
  });

  test('editing the format version in the header without the key fails too', async () => {
    const h = createHarness();
    const planted = await craftVault({ passphrase: PASSPHRASE, kdf: argon2Params(), formatVersion: 2 });
    // A version-2 header relabelled as version 1 is refused (version 1 is PBKDF2 only).
    await plantVault(h.db, { ...planted, meta: { ...planted.meta, formatVersion: 1 } });
    await expect(h.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
  });

  test('a version-1 PBKDF2 vault opens with its passphrase and is migrated to version 2 at that unlock, every key intact', async () => {
    const h = createHarness();
    const planted = await craftVault({
      passphrase: PASSPHRASE,
      kdf: pbkdf2Params(MIN_PBKDF2_ITERATIONS),
      formatVersion: 1,
      secrets: [
        { label: 'Old', apiKey: CANARY_KEY },
        { label: 'Older', apiKey: 'sk-proj-second0123456789abcdefghijklmnop' },
      ],
    });
    await plantVault(h.db, planted);
    const recordsBefore = await h.db.secrets.toArray();
    await h.vault.unlock(PASSPHRASE);
    const meta = VaultMeta.parse(await h.db.meta.get('main'));
    expect(meta).toMatchObject({ formatVersion: 2, vaultId: planted.meta.vaultId, dataKeyId: planted.meta.dataKeyId, kdf: { name: 'Argon2id', memoryKiB: 64 * 1024 } });
    expect(meta.kdf.salt).not.toBe(planted.meta.kdf.salt);
    // The same data key, re-wrapped. The records moved under the vault's first epoch key (a vault
    // from before epochs, see epochs.test.ts): only their ciphertext changed.
    // The old version's format warnings (English sentences) are dropped when a record is rewritten.
    const withoutSealed = (rows: SecretRecord[]) => rows.map(({ sealed: _sealed, formatWarnings: _legacy, ...rest }) => rest);
    const recordsAfter = await h.db.secrets.toArray();
    expect(withoutSealed(recordsAfter)).toEqual(withoutSealed(recordsBefore));
    expect(recordsAfter.filter((row) => 'formatWarnings' in row)).toEqual([]);
    expect(recordsAfter.map((row) => row.sealed.ciphertext)).not.toContain(recordsBefore[0]?.sealed.ciphertext);
    expect(await h.db.epoch.get('current')).toBeDefined();
    const [old, older] = await h.keys.list();
    expect((await h.keys.useSecret(old?.id ?? '')).secret.apiKey).toBe(CANARY_KEY);
    expect((await h.keys.useSecret(older?.id ?? '')).secret.apiKey).toBe('sk-proj-second0123456789abcdefghijklmnop');
    // Opens again as version 2, and the old header is gone for good.
    await h.vault.lock();
    await h.vault.unlock(PASSPHRASE);
    expect(VaultMeta.parse(await h.db.meta.get('main')).kdf.name).toBe('Argon2id');
    expect((await h.keys.useSecret(old?.id ?? '')).secret.apiKey).toBe(CANARY_KEY);
    // A key added after the migration works beside the old ones.
    const added = await h.keys.add({ provider: 'groq', label: 'New', secret: { apiKey: 'gsk_after_migration_0123456789' }, settings: {} });
    await h.vault.lock();
    await h.vault.unlock(PASSPHRASE);
    expect((await h.keys.useSecret(added.id)).secret.apiKey).toBe('gsk_after_migration_0123456789');
  });

  test('a wrong passphrase on a version-1 vault migrates nothing', async () => {
    const h = createHarness();
    const planted = await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(), formatVersion: 1 });
    await plantVault(h.db, planted);
    await expect(h.vault.unlock('orchid tractor lagoon whispers')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(await h.db.meta.get('main')).toEqual(planted.meta);
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
