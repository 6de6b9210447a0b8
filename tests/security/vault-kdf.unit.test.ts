import { describe, expect, test } from 'vitest';
import { exportBackup, importBackup } from '@/src/vault/backup';
import { MIN_ARGON2_MEMORY_KIB, VaultMeta } from '@/src/vault/format';
import { passphraseRefusal } from '@/src/vault/passphrase-policy';
import { refuseNewPassphrase } from '@/src/ui/options/passphrase/strength';
import { suggestPassphrase } from '@/src/ui/options/passphrase/suggest';
import { CANARY_KEY, createHarness, PASSPHRASE, type Harness } from '../unit/helpers/harness';
import { argon2Params, craftedBackup, craftVault, pbkdf2Params } from '../unit/helpers/legacy-vault';

/**
 * Findings 6 and 10 of the security review (issue 11): the worker enforces the passphrase floor
 * itself, and backup import is neither a faster passphrase oracle than unlock nor laxer about
 * the header it restores.
 */

const page = { sender: 'extension-page' } as const;
const WEAK = ['password1234', 'aaaaaaaaaaaa', '12345678', 'Password123!', 'qwertyuiop12', 'iloveyou2024', 'correct horse battery staple', 'abcdefghijkl'];

describe('finding 6: the worker refuses weak passphrases itself', () => {
  test.each(WEAK)('vault.create refuses %j with WEAK_PASSPHRASE and creates nothing', async (weak) => {
    const h = createHarness();
    await expect(h.handlers['vault.create']({ passphrase: weak }, page)).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    expect(await h.db.meta.count()).toBe(0);
  });

  test.each(WEAK)('vault.changePassphrase refuses %j with WEAK_PASSPHRASE and changes nothing', async (weak) => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const before = await h.db.meta.get('main');
    await expect(h.handlers['vault.changePassphrase']({ current: PASSPHRASE, next: weak }, page)).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    expect(await h.db.meta.get('main')).toEqual(before);
  });

  test('the page refuses everything the worker refuses (it applies the same rule on top of zxcvbn)', async () => {
    for (const weak of WEAK) {
      expect(passphraseRefusal(weak), weak).toBeDefined();
      expect(await refuseNewPassphrase(weak, weak), weak).toMatchObject({ field: 'passphrase' });
    }
    // "Summer2024!!" scores 3 with zxcvbn, but its letters are one of the commonest words.
    expect(await refuseNewPassphrase('Summer2024!!', 'Summer2024!!')).toMatchObject({ field: 'passphrase' });
  });

  test('suggested passphrases are six words, differ every time, and both the page and the worker accept them', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const suggestion = await suggestPassphrase();
      expect(suggestion.split(' ')).toHaveLength(6);
      expect(passphraseRefusal(suggestion)).toBeUndefined();
      expect(await refuseNewPassphrase(suggestion, suggestion)).toBeUndefined();
      seen.add(suggestion);
    }
    expect(seen.size).toBe(6);
  });
});

async function backupOf(passphrase: string): Promise<string> {
  const source = createHarness();
  await source.vault.create(passphrase);
  await source.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
  return (await exportBackup(source)).content;
}

async function throttleFailures(h: Harness): Promise<number> {
  return (await h.db.state.get('unlock-throttle'))?.failures ?? 0;
}

describe('finding 10: backup import goes through the unlock throttle', () => {
  test('a wrong backup passphrase counts as a failed unlock; once throttled, even the right one waits', async () => {
    const content = await backupOf(PASSPHRASE);
    const target = createHarness();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await expect(importBackup(target, content, `wrong guess number ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      expect(await throttleFailures(target)).toBe(attempt);
    }
    // The same counter as unlock: the vault's own unlock delay is now running too.
    expect(await target.vault.unlockDelayMs()).toBe(1000);
    await expect(importBackup(target, content, PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 1000 });
    expect(await target.db.meta.count()).toBe(0);
    target.clock.now += 999;
    await expect(importBackup(target, content, PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 1 });
    target.clock.now += 1;
    expect(await importBackup(target, content, PASSPHRASE)).toEqual({ added: 1, skipped: 0 });
  });

  test('failed unlocks throttle import as well, and a restarted worker keeps the delay', async () => {
    const content = await backupOf(PASSPHRASE);
    const target = createHarness();
    await target.vault.create('granite velvet oboe pelican');
    await target.vault.lock();
    for (let attempt = 0; attempt < 3; attempt++) await expect(target.vault.unlock('not the passphrase at all')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(importBackup(target.restart(), content, PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED' });
  });

  test('a successful import does not reset the delay (the backup passphrase may not be the vault one)', async () => {
    const content = await backupOf(PASSPHRASE);
    const target = createHarness();
    await target.vault.create('granite velvet oboe pelican');
    await expect(importBackup(target, content, 'wrong guess number 1')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await importBackup(target, content, PASSPHRASE);
    expect(await throttleFailures(target)).toBe(1);
  });
});

describe('finding 10: import applies every header minimum', () => {
  // Each backup is wrapped and MACed correctly under its weak settings: only the header rules can refuse it.
  const refused: [string, () => Promise<string>][] = [
    ['an 8-byte salt (Argon2id)', async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: argon2Params({ saltBytes: 8 }), formatVersion: 2 }))],
    ['an 8-byte salt (PBKDF2, version 1)', async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(650_000, 8), formatVersion: 1 }))],
    ['format version 99', async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: argon2Params(), formatVersion: 99 }))],
    [
      'Argon2id memory below 64 MiB',
      async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: argon2Params({ memoryKiB: MIN_ARGON2_MEMORY_KIB / 2 }), formatVersion: 2 })),
    ],
    ['Argon2id with 1 pass', async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: argon2Params({ iterations: 1 }), formatVersion: 2 }))],
    ['PBKDF2 with 100,000 iterations', async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(100_000), formatVersion: 1 }))],
    ['PBKDF2 labelled version 2', async () => craftedBackup(await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(), formatVersion: 2 }))],
  ];

  test.each(refused)('a backup with %s is refused before any derivation, and nothing is imported', async (_what, make) => {
    const content = await make();
    const target = createHarness();
    await expect(importBackup(target, content, PASSPHRASE)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
    expect(await target.db.meta.count()).toBe(0);
    expect(await throttleFailures(target)).toBe(0);
  });

  test('version-1 and version-2 backups that meet the minimums import', async () => {
    const v1 = await craftVault({ passphrase: PASSPHRASE, kdf: pbkdf2Params(), formatVersion: 1, secrets: [{ label: 'Old', apiKey: CANARY_KEY }] });
    const target = createHarness();
    expect(await importBackup(target, await craftedBackup(v1), PASSPHRASE)).toEqual({ added: 1, skipped: 0 });
    const [restored] = await target.keys.list();
    expect((await target.keys.useSecret(restored?.id ?? '')).secret.apiKey).toBe(CANARY_KEY);
    // The restored version-1 header is migrated at its next unlock, like any other.
    await target.vault.lock();
    await target.vault.unlock(PASSPHRASE);
    expect(VaultMeta.parse(await target.db.meta.get('main')).formatVersion).toBe(2);

    // (The unlocked session lives in the one fake browser: make the backup before the target vault.)
    const v2 = await backupOf(PASSPHRASE);
    const merged = createHarness();
    await merged.vault.create('granite velvet oboe pelican');
    expect(await importBackup(merged, v2, PASSPHRASE)).toEqual({ added: 1, skipped: 0 });
  });
});
