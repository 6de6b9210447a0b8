import { createDecipheriv, createHmac, hkdfSync, pbkdf2Sync } from 'node:crypto';
import { argon2id } from '@noble/hashes/argon2.js';
import { expect, test } from 'vitest';
import { exportBackup } from '@/src/vault/backup';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';
import { craftedBackup, craftVault, pbkdf2Params } from '../helpers/legacy-vault';

// Follows docs/vault-format.md with none of Keyward's code: Node's own crypto, and for Argon2id
// (which node:crypto only has from Node 24) @noble/hashes, a pure-JavaScript implementation
// independent of the hash-wasm WebAssembly build the extension uses.

interface SealedJson {
  iv: string;
  ciphertext: string;
}

function aesGcmOpen(key: Buffer, sealed: SealedJson, aad: string): Buffer {
  const data = Buffer.from(sealed.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
}

test('a backup decrypts with only the passphrase and the documented format', async () => {
  const h = createHarness();
  await h.vault.create(PASSPHRASE);
  await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: 'https://proxy.example.com/v1' } });
  h.clock.now += 1;
  await h.keys.add({
    provider: 'bedrock',
    label: 'AWS',
    secret: { accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'abcdEFGHijklMNOPqrstUVWXyz0123456789/+=a' },
    settings: { region: 'us-west-2', bedrockAuth: 'sigv4' },
  });
  const file = JSON.parse((await exportBackup(h)).content);

  const { vault, records } = file.body;
  expect(vault.formatVersion).toBe(2);
  expect(vault.kdf.name).toBe('Argon2id');
  expect(vault.kdf.memoryKiB).toBeGreaterThanOrEqual(65_536);
  const kek = argon2id(Buffer.from(PASSPHRASE.normalize('NFC'), 'utf8'), Buffer.from(vault.kdf.salt, 'base64'), {
    m: vault.kdf.memoryKiB,
    t: vault.kdf.iterations,
    p: vault.kdf.parallelism,
    dkLen: 32,
    version: 0x13,
  });
  const headerAad = JSON.stringify(['keyward.data-key', vault.formatVersion, vault.vaultId, vault.dataKeyId, 'Argon2id', vault.kdf.memoryKiB, vault.kdf.iterations, vault.kdf.parallelism, vault.kdf.salt]);
  const dek = aesGcmOpen(Buffer.from(kek), vault.wrappedDataKey, headerAad);
  expect(dek.length).toBe(32);

  const macKey = Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), Buffer.from('keyward.backup-mac.v1'), 32));
  expect(createHmac('sha256', macKey).update(JSON.stringify(file.body)).digest('base64')).toBe(file.mac);

  const secrets = records.map((record: { id: string; provider: string; settings: Record<string, string>; sealed: SealedJson }) => {
    const pairs = Object.entries(record.settings)
      .filter(([, value]) => value !== '')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    // Records keep format number 1 in their associated data (version 2 changed the header only).
    const aad = JSON.stringify(['keyward.secret', 1, vault.vaultId, record.id, record.provider, pairs]);
    return JSON.parse(aesGcmOpen(dek, record.sealed, aad).toString('utf8'));
  });
  expect(secrets).toEqual([
    { apiKey: CANARY_KEY },
    { accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'abcdEFGHijklMNOPqrstUVWXyz0123456789/+=a' },
  ]);
});

test('a version-1 (PBKDF2) backup decrypts with the documented version-1 layout', async () => {
  const planted = await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(), formatVersion: 1, secrets: [{ label: 'Old', apiKey: CANARY_KEY }] });
  const file = JSON.parse(await craftedBackup(planted));
  const { vault, records } = file.body;
  const kek = pbkdf2Sync(Buffer.from(PASSPHRASE.normalize('NFC'), 'utf8'), Buffer.from(vault.kdf.salt, 'base64'), vault.kdf.iterations, 32, 'sha256');
  const headerAad = JSON.stringify(['keyward.data-key', 1, vault.vaultId, vault.dataKeyId, 'PBKDF2', 'SHA-256', vault.kdf.iterations, vault.kdf.salt]);
  const dek = aesGcmOpen(kek, vault.wrappedDataKey, headerAad);
  const aad = JSON.stringify(['keyward.secret', 1, vault.vaultId, records[0].id, 'openai', []]);
  expect(JSON.parse(aesGcmOpen(dek, records[0].sealed, aad).toString('utf8'))).toEqual({ apiKey: CANARY_KEY });
});
