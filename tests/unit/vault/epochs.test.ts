import { describe, expect, test, vi } from 'vitest';
import { dataKeyAssociatedData, deriveKeyEncryptionKey, importDataKey, open, seal } from '@/src/vault/crypto';
import { utf8 } from '@/src/vault/encoding';
import { OpfsEpochKeyStore, deriveRecordKey } from '@/src/vault/epochs';
import { SecretRecord, VaultMeta } from '@/src/vault/format';
import { associatedDataFor } from '@/src/vault/reseal';
import { exportBackup, importBackup } from '@/src/vault/backup';
import { importRootKey } from '@/src/session/unlocked-session';
import { createHarness, CANARY_KEY, PASSPHRASE, type Harness } from '../helpers/harness';

/**
 * Issue 11, finding 5, at the unit level: LevelDB keeps old rows (tests/security/storage-residue.spec.ts),
 * so a copy of the vault taken before a passphrase change, a deletion, a rotation or a wipe is what
 * an attacker has. These tests take that copy, then try to open it afterwards with the old
 * passphrase and every epoch key file still there, as tests/security/old-vault-residue.spec.ts does
 * on a real profile.
 */

const NEXT = 'granite velvet oboe pelican';
const SECOND_KEY = 'sk-ant-api03-SECONDcanary0123456789abcdefghij';

interface VaultCopy {
  meta: unknown;
  records: unknown[];
}

async function copyOf(h: Harness): Promise<VaultCopy> {
  return { meta: await h.db.meta.get('main'), records: await h.db.secrets.toArray() };
}

async function epochKeysLeft(h: Harness): Promise<Uint8Array<ArrayBuffer>[]> {
  const store = new OpfsEpochKeyStore(h.db.name);
  const keys: Uint8Array<ArrayBuffer>[] = [];
  for (const id of await store.list()) {
    const bytes = await store.read(id);
    if (bytes) keys.push(bytes);
  }
  return keys;
}

/**
 * Every secret of `copy` that opens with `passphrase` and either the data key alone (a vault from
 * before epochs) or the data key with one of the epoch key files still on disk.
 */
async function whatOpens(h: Harness, copy: VaultCopy, passphrase: string): Promise<string[]> {
  const meta = VaultMeta.parse(copy.meta);
  const kek = await deriveKeyEncryptionKey(passphrase, meta.kdf);
  const raw = await open(kek, meta.wrappedDataKey, dataKeyAssociatedData(meta.vaultId, meta.formatVersion, meta.kdf, meta.dataKeyId), () => new Error('wrong') as never).catch(
    () => undefined,
  );
  if (!raw) return [];
  const candidates = [await importDataKey(raw)];
  const store = new OpfsEpochKeyStore(h.db.name);
  for (const id of await store.list()) {
    const bytes = await store.read(id);
    if (bytes) candidates.push(await deriveRecordKey(await importRootKey(raw), bytes, id));
  }
  const opened: string[] = [];
  for (const row of copy.records) {
    const record = SecretRecord.parse(row);
    for (const key of candidates) {
      const plaintext = await open(key, record.sealed, associatedDataFor(record, meta.vaultId, meta.formatVersion), () => new Error('no') as never).catch(() => undefined);
      if (plaintext) opened.push(utf8.decode(plaintext));
    }
  }
  return opened;
}

async function twoKeys() {
  const h = createHarness();
  await h.vault.create(PASSPHRASE);
  const first = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
  const second = await h.keys.add({ provider: 'anthropic', label: 'Home', secret: { apiKey: SECOND_KEY }, settings: {} });
  return { h, first, second };
}

describe('epochs: no old copy of the vault opens after a rekey', () => {
  test('a new vault seals its records under an epoch record key, not the data key', async () => {
    const { h } = await twoKeys();
    expect(await h.db.epoch.get('current')).toMatchObject({ epochId: expect.any(String) as string });
    expect(await epochKeysLeft(h)).toHaveLength(1);
    const copy = await copyOf(h);
    // The positive control of the checks below: the live copy opens, with the epoch key file.
    expect((await whatOpens(h, copy, PASSPHRASE)).join()).toContain(CANARY_KEY);
    // Without the epoch key file, the passphrase alone opens nothing.
    const [id] = await new OpfsEpochKeyStore(h.db.name).list();
    await new OpfsEpochKeyStore(h.db.name).remove(id as string);
    expect(await whatOpens(h, copy, PASSPHRASE)).toEqual([]);
  });

  test('passphrase change: the old copy no longer opens with the old passphrase; the vault opens with the new one', async () => {
    const { h, first } = await twoKeys();
    const old = await copyOf(h);
    expect(await whatOpens(h, old, PASSPHRASE)).toHaveLength(2);
    await h.vault.changePassphrase(PASSPHRASE, NEXT);
    expect(await whatOpens(h, old, PASSPHRASE)).toEqual([]);
    expect(await epochKeysLeft(h)).toHaveLength(1);
    expect((await whatOpens(h, await copyOf(h), NEXT)).join()).toContain(CANARY_KEY);
    // The unlocked session followed the new data key and epoch.
    expect((await h.keys.useSecret(first.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('key deletion: the deleted key\'s old sealed copy no longer opens, even with the current passphrase', async () => {
    const { h, first, second } = await twoKeys();
    const old = await copyOf(h);
    await h.keys.delete(first.id);
    const opened = await whatOpens(h, old, PASSPHRASE);
    expect(opened.join()).not.toContain(CANARY_KEY);
    expect(opened).toEqual([]);
    expect(await epochKeysLeft(h)).toHaveLength(1);
    expect((await h.keys.useSecret(second.id)).secret.apiKey).toBe(SECOND_KEY);
    expect((await h.keys.list()).map((view) => view.id)).toEqual([second.id]);
  });

  test('rotation: the old secret\'s sealed copy no longer opens; the new one works', async () => {
    const { h, first, second } = await twoKeys();
    const old = await copyOf(h);
    const rotated = 'sk-proj-ROTATEDkey0123456789abcdefghijkl';
    await h.keys.rotate({ id: first.id, secret: { apiKey: rotated } });
    expect(await whatOpens(h, old, PASSPHRASE)).toEqual([]);
    expect((await h.keys.useSecret(first.id)).secret.apiKey).toBe(rotated);
    expect((await h.keys.useSecret(second.id)).secret.apiKey).toBe(SECOND_KEY);
  });

  test('wipe: nothing of the wiped vault opens, and no epoch key file is left', async () => {
    const { h } = await twoKeys();
    const old = await copyOf(h);
    await h.vault.wipe(PASSPHRASE);
    expect(await whatOpens(h, old, PASSPHRASE)).toEqual([]);
    expect(await epochKeysLeft(h)).toEqual([]);
    expect(await h.db.epoch.count()).toBe(0);
  });

  test('a failed rekey (the commit fails) leaves the old vault whole and removes its new epoch key file', async () => {
    const { h, first, second } = await twoKeys();
    const before = { meta: await h.db.meta.toArray(), secrets: await h.db.secrets.toArray(), epoch: await h.db.epoch.toArray() };
    const spy = vi.spyOn(h.db.epoch, 'put').mockImplementation(() => {
      throw new Error('simulated crash while writing the epoch');
    });
    await expect(h.keys.delete(first.id)).rejects.toThrow();
    spy.mockRestore();
    expect({ meta: await h.db.meta.toArray(), secrets: await h.db.secrets.toArray(), epoch: await h.db.epoch.toArray() }).toEqual(before);
    expect(await epochKeysLeft(h)).toHaveLength(1);
    expect((await h.keys.useSecret(first.id)).secret.apiKey).toBe(CANARY_KEY);
    expect((await h.keys.useSecret(second.id)).secret.apiKey).toBe(SECOND_KEY);
  });

  test('an old epoch key file the rekey could not delete is swept at the next worker start', async () => {
    const { h, first } = await twoKeys();
    const old = await copyOf(h);
    const remove = vi.spyOn(OpfsEpochKeyStore.prototype, 'remove').mockRejectedValue(new DOMException('busy', 'NoModificationAllowedError'));
    await h.keys.delete(first.id);
    remove.mockRestore();
    expect(await epochKeysLeft(h)).toHaveLength(2);
    expect((await whatOpens(h, old, PASSPHRASE)).join()).toContain(CANARY_KEY);
    await h.restart().vault.sweepEpochs();
    expect(await epochKeysLeft(h)).toHaveLength(1);
    expect(await whatOpens(h, old, PASSPHRASE)).toEqual([]);
  });

  test('a reader that took the record key before a rekey still decrypts (it reads again)', async () => {
    const { h, first, second } = await twoKeys();
    const stale = await h.vault.requireUnlocked();
    await h.keys.delete(second.id);
    expect((await h.keys.decrypt(stale, first.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('a vault from before epochs is moved to one at unlock, keeps every key, and its data key copy stops working for records', async () => {
    const { h, first, second } = await twoKeys();
    // Make it an older vault: records sealed under the data key itself, no epoch row, no file.
    const vault = await h.vault.requireUnlocked();
    for (const row of await h.db.secrets.toArray()) {
      const ad = associatedDataFor(row, vault.vaultId, vault.meta.formatVersion);
      const plaintext = await open(vault.recordKey, row.sealed, ad, () => new Error('no') as never);
      await h.db.secrets.put({ ...row, sealed: await seal(vault.key, plaintext, ad) });
    }
    await h.db.epoch.clear();
    await h.vault.sweepEpochs();
    expect(await epochKeysLeft(h)).toEqual([]);
    expect((await h.keys.useSecret(first.id)).secret.apiKey).toBe(CANARY_KEY);
    await h.vault.lock();

    const restarted = h.restart();
    await restarted.vault.unlock(PASSPHRASE);
    expect(await restarted.db.epoch.get('current')).toBeDefined();
    expect(await epochKeysLeft(h)).toHaveLength(1);
    expect((await restarted.keys.useSecret(first.id)).secret.apiKey).toBe(CANARY_KEY);
    expect((await restarted.keys.useSecret(second.id)).secret.apiKey).toBe(SECOND_KEY);
    // The live records no longer open with the data key alone.
    const key = (await restarted.vault.requireUnlocked()).key;
    const live = SecretRecord.parse((await restarted.db.secrets.toArray())[0]);
    await expect(open(key, live.sealed, associatedDataFor(live, vault.vaultId, vault.meta.formatVersion), () => new Error('no') as never)).rejects.toThrow();
  });

  test('a restored backup is written under an epoch; the backup itself still opens with its passphrase alone', async () => {
    const { h } = await twoKeys();
    const { content } = await exportBackup(h);
    const target = createHarness();
    expect(await importBackup(target, content, PASSPHRASE)).toEqual({ added: 2, skipped: 0 });
    expect(await target.db.epoch.get('current')).toBeDefined();
    const copy = await copyOf(target);
    expect((await whatOpens(target, copy, PASSPHRASE)).join()).toContain(CANARY_KEY);
    await target.vault.wipe(PASSPHRASE);
    expect(await whatOpens(target, copy, PASSPHRASE)).toEqual([]);
    // The file: header and records sealed under the data key, as docs/vault-format.md says.
    const file = JSON.parse(content) as { body: { vault: unknown; records: unknown[] } };
    expect((await whatOpens(createHarness(), { meta: file.body.vault, records: file.body.records }, PASSPHRASE)).join()).toContain(SECOND_KEY);
  });

  test('a missing epoch key file: the vault says it is damaged, and keeps the rows as they are', async () => {
    const { h } = await twoKeys();
    const store = new OpfsEpochKeyStore(h.db.name);
    for (const id of await store.list()) await store.remove(id);
    const rows = await h.db.secrets.toArray();
    await h.vault.lock();
    const restarted = h.restart();
    await restarted.vault.unlock(PASSPHRASE);
    await expect(restarted.keys.list()).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
    expect(await restarted.db.secrets.toArray()).toEqual(rows);
  });
});
