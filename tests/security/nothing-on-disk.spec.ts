import { test, expect } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { keyCanary, passphraseCanary, randomCore, type Canary } from '../e2e/fixtures/canary';
import { searchProfile } from '../e2e/fixtures/profile-search';
import { writeStorage } from '../e2e/fixtures/storage';

/**
 * Everything the browser wrote to its profile while the vault was used: IndexedDB, storage.local,
 * preferences, caches, logs. No API key and no passphrase may be in any of it, in any encoding.
 */
test('no key and no passphrase anywhere in the profile directory after use and browser close', async ({ ext, optionsPage: page }) => {
  const passphrase = passphraseCanary();
  const first = keyCanary('A');
  const second = keyCanary('B');
  // Non-secret values the extension does store, as positive controls of the search.
  const label = `Label-CONTROL-${randomCore(24)}`;
  const storedControl = `STORAGE-LOCAL-CONTROL-${randomCore(24)}`;

  await test.step('use the vault: create, add, list, rotate, export, lock', async () => {
    await call(page, 'vault.create', { passphrase: passphrase.value });
    const added = await call(page, 'keys.add', { provider: 'openai', label, secret: { apiKey: first.value }, settings: {} });
    expect((await call(page, 'keys.list', {})).keys).toHaveLength(1);
    const rotated = await call(page, 'keys.rotate', { id: added.id, secret: { apiKey: second.value } });
    expect(rotated.masked).toBe(`sk-…${second.value.slice(-4)}`);
    const backup = await call(page, 'vault.export', { passphrase: passphrase.value });
    expect(backup.content).toContain(label);
    for (const secret of [first, second, passphrase]) expect(backup.content).not.toContain(secret.core);
    await call(page, 'vault.lock', {});
    await call(page, 'vault.unlock', { passphrase: passphrase.value });
    expect((await call(page, 'keys.list', {})).keys).toHaveLength(1);
    await call(page, 'vault.lock', {});
    // The same storage area the extension keeps its settings in, holding a marker we expect to find.
    await writeStorage(page, 'local', 'e2e-positive-control', storedControl);
  });

  await ext.close();

  await test.step('positive controls: values that are stored ARE found', async () => {
    const labelSearch = await searchProfile(ext.profileDir, label);
    expect(labelSearch.filesSearched).toBeGreaterThan(20);
    expect(labelSearch.hits.length, 'the key label (IndexedDB) should be found: the search would be vacuous otherwise').toBeGreaterThan(0);
    const controlSearch = await searchProfile(ext.profileDir, storedControl);
    expect(controlSearch.hits.length, 'a value in storage.local should be found').toBeGreaterThan(0);
  });

  const secrets: [string, Canary][] = [
    ['first API key', first],
    ['rotated API key', second],
    ['passphrase', passphrase],
  ];
  for (const [what, secret] of secrets) {
    await test.step(`no trace of the ${what}`, async () => {
      for (const needle of [secret.value, secret.core]) {
        const { hits } = await searchProfile(ext.profileDir, needle);
        expect(hits, `the ${what} was found on disk`).toEqual([]);
      }
    });
  }
});
