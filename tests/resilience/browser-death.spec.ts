import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { killBrowserHard } from '../e2e/fixtures/hard-kill';
import { launchExtension, type LaunchedExtension } from '../e2e/fixtures/launch';
import { call, sendRaw } from '../e2e/fixtures/messaging';
import { expectEveryKeyWorks, plantKeys, theOneThatOpens, type PlantedKey } from '../e2e/fixtures/vault-proof';
import { sharedMockProvider } from '../e2e/fixtures/shared-mock';

/**
 * The browser is killed with SIGKILL (a crash, a power cut) while the vault is being rewritten,
 * then started again on the same profile. Whatever the moment, the vault opens with exactly one
 * of the old and new passphrases, with every key, and an import either fully landed or not at all.
 */

const PASSPHRASES = ['violet tundra marimba quokka', 'granite velvet oboe pelican', 'saffron glacier tuba walrus', 'cobalt meadow banjo narwhal'];
const BACKUP_PASSPHRASE = 'amber lantern fjord tapir';

const mock = sharedMockProvider(test);

/** Starts a message without waiting for its reply (the browser will not live to send it). */
function fire(page: Page, type: string, payload: unknown): void {
  void sendRaw(page, { channel: 'keyward', type, payload }).catch(() => undefined);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Kills the browser hard, starts it again on the same profile, and opens the options page. */
async function crashAndRestart(current: LaunchedExtension): Promise<{ ext: LaunchedExtension; page: Page }> {
  await killBrowserHard(current);
  const ext = await launchExtension({ profileDir: current.profileDir });
  return { ext, page: await openExtensionPage(ext) };
}

interface VaultSnapshot {
  dataKeyId: string;
  /** Record id → ciphertext. */
  records: Record<string, string>;
}

/** Reads the vault's IndexedDB directly from an extension page (same origin as the worker), in one transaction. */
function readVaultDb(page: Page): Promise<VaultSnapshot> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('keyward-vault');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    try {
      return await new Promise<VaultSnapshot>((resolve, reject) => {
        const tx = db.transaction(['meta', 'secrets'], 'readonly');
        const meta = tx.objectStore('meta').get('main');
        const secrets = tx.objectStore('secrets').getAll();
        tx.oncomplete = () => {
          const rows = secrets.result as { id: string; sealed: { ciphertext: string } }[];
          resolve({ dataKeyId: (meta.result as { dataKeyId: string }).dataKeyId, records: Object.fromEntries(rows.map((row) => [row.id, row.sealed.ciphertext])) });
        };
        tx.onerror = () => reject(tx.error ?? new Error('read failed'));
      });
    } finally {
      db.close();
    }
  });
}

/**
 * Polls the vault's IndexedDB until the first re-sealed record is visible, and returns that
 * snapshot. With the re-seal in one transaction, the new header is visible in the same instant.
 */
function waitForFirstResealedRecord(page: Page, before: VaultSnapshot): Promise<{ changedRecords: number; headerChanged: boolean } | null> {
  return page.evaluate(async (old) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('keyward-vault');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    const deadline = performance.now() + 15_000;
    while (performance.now() < deadline) {
      const seen = await new Promise<{ dataKeyId: string; rows: { id: string; sealed: { ciphertext: string } }[] }>((resolve, reject) => {
        const tx = db.transaction(['meta', 'secrets'], 'readonly');
        const meta = tx.objectStore('meta').get('main');
        const secrets = tx.objectStore('secrets').getAll();
        tx.oncomplete = () => resolve({ dataKeyId: (meta.result as { dataKeyId: string }).dataKeyId, rows: secrets.result as { id: string; sealed: { ciphertext: string } }[] });
        tx.onerror = () => reject(tx.error ?? new Error('read failed'));
      });
      const changedRecords = seen.rows.filter((row) => old.records[row.id] !== undefined && old.records[row.id] !== row.sealed.ciphertext).length;
      const headerChanged = seen.dataKeyId !== old.dataKeyId;
      if (changedRecords > 0 || headerChanged) return { changedRecords, headerChanged };
    }
    return null;
  }, before);
}

/** Polls the vault's IndexedDB until a record that was not there before is visible; returns how many are. */
function waitForFirstNewRecord(page: Page, before: VaultSnapshot): Promise<number | null> {
  return page.evaluate(async (old) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('keyward-vault');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    const deadline = performance.now() + 15_000;
    while (performance.now() < deadline) {
      const ids = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = db.transaction('secrets', 'readonly').objectStore('secrets').getAllKeys();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
      const added = ids.filter((id) => old.records[String(id)] === undefined).length;
      if (added > 0) return added;
    }
    return null;
  }, before);
}

test('SIGKILL during a passphrase change, at many moments: exactly one passphrase opens the vault, with every key', async ({ ext: first }) => {
  let ext = first;
  let page = await openExtensionPage(ext);
  let current = PASSPHRASES[0] as string;
  await call(page, 'vault.create', { passphrase: current });
  const keys = await plantKeys(page, mock, 'crash', 4);

  // How long one change takes here, uninterrupted; the kills are spread over that span.
  let started = Date.now();
  let next = PASSPHRASES[1] as string;
  await call(page, 'vault.changePassphrase', { current, next });
  const spanMs = Date.now() - started;
  current = next;

  const outcomes: ('old' | 'new')[] = [];
  try {
    for (const fraction of [0, 0.5, 1.0]) {
      next = PASSPHRASES[(PASSPHRASES.indexOf(current) + 1) % PASSPHRASES.length] as string;
      started = Date.now();
      fire(page, 'vault.changePassphrase', { current, next });
      await sleep(Math.max(0, Math.round(spanMs * fraction) - (Date.now() - started)));
      ({ ext, page } = await crashAndRestart(ext));

      expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
      const opensWith = await theOneThatOpens(page, current, next);
      outcomes.push(opensWith === next ? 'new' : 'old');
      current = opensWith;
      await expectEveryKeyWorks(page, mock, keys);
    }

    // The sharpest moment: the instant the first re-sealed record is visible in IndexedDB. The
    // new header must be visible in that same instant, and survive the crash with every key.
    next = PASSPHRASES.find((candidate) => candidate !== current) as string;
    const before = await readVaultDb(page);
    const visible = waitForFirstResealedRecord(page, before);
    fire(page, 'vault.changePassphrase', { current, next });
    const seen = await visible;
    ({ ext, page } = await crashAndRestart(ext));
    expect(seen, 'the re-sealed vault became visible').not.toBeNull();
    expect(await theOneThatOpens(page, current, next)).toBe(next);
    outcomes.push('new');
    await expectEveryKeyWorks(page, mock, keys);
    expect(seen, 'every record and the header became visible together').toEqual({ changedRecords: keys.length, headerChanged: true });

    // The kills really did land on both sides of the commit.
    console.log(`change took ${spanMs} ms; after each kill: ${outcomes.join(', ')}`);
    expect(outcomes).toContain('old');
    expect(outcomes).toContain('new');
  } finally {
    if (ext !== first) await ext.close();
  }
});

test('SIGKILL during a backup import, at many moments: either every imported key landed or none, and the others are untouched', async ({ ext: first }) => {
  let ext = first;
  let page = await openExtensionPage(ext);

  // A backup with five keys, made in a vault that is then wiped.
  await call(page, 'vault.create', { passphrase: BACKUP_PASSPHRASE });
  const backedUp = await plantKeys(page, mock, 'backup', 5);
  const backup = await call(page, 'vault.export', { passphrase: BACKUP_PASSPHRASE });
  await call(page, 'vault.wipe', { confirm: 'DELETE ALL KEYS', passphrase: BACKUP_PASSPHRASE });

  const passphrase = PASSPHRASES[0] as string;
  await call(page, 'vault.create', { passphrase });
  const existing = await plantKeys(page, mock, 'kept', 2);

  expect(await call(page, 'vault.import', { content: backup.content, passphrase: BACKUP_PASSPHRASE })).toEqual({ added: 5, skipped: 0 });

  /** The imported keys get new ids: match them to the backup by label and secret. */
  const importedKeys = async (): Promise<PlantedKey[]> => {
    const listed = (await call(page, 'keys.list', {})).keys.filter((view) => view.label.startsWith('backup '));
    return listed.map((view) => {
      const original = backedUp.find((key) => key.label === view.label);
      if (!original) throw new Error(`unexpected key ${view.label}`);
      return { ...original, id: view.id, masked: view.masked };
    });
  };
  const removeImported = async () => {
    for (const key of await importedKeys()) await call(page, 'keys.delete', { id: key.id });
  };
  await removeImported();
  // How long one import takes here (a warm one, as in the rounds below); the kills are spread over that span.
  let started = Date.now();
  expect(await call(page, 'vault.import', { content: backup.content, passphrase: BACKUP_PASSPHRASE })).toEqual({ added: 5, skipped: 0 });
  const spanMs = Date.now() - started;
  await removeImported();

  const outcomes: ('none' | 'all')[] = [];
  try {
    for (const fraction of [0, 0.6, 1.2]) {
      started = Date.now();
      fire(page, 'vault.import', { content: backup.content, passphrase: BACKUP_PASSPHRASE });
      await sleep(Math.max(0, Math.round(spanMs * fraction) - (Date.now() - started)));
      ({ ext, page } = await crashAndRestart(ext));

      await call(page, 'vault.unlock', { passphrase });
      const imported = await importedKeys();
      expect([0, backedUp.length], `all or nothing (found ${imported.length} of ${backedUp.length})`).toContain(imported.length);
      outcomes.push(imported.length === 0 ? 'none' : 'all');
      await expectEveryKeyWorks(page, mock, [...existing, ...imported]);
      await removeImported();
    }

    // The sharpest moment: the instant the first imported record is visible. All of them must be.
    const before = await readVaultDb(page);
    const visible = waitForFirstNewRecord(page, before);
    fire(page, 'vault.import', { content: backup.content, passphrase: BACKUP_PASSPHRASE });
    const seen = await visible;
    ({ ext, page } = await crashAndRestart(ext));
    await call(page, 'vault.unlock', { passphrase });
    const imported = await importedKeys();
    expect(imported, 'the import landed whole').toHaveLength(backedUp.length);
    outcomes.push('all');
    await expectEveryKeyWorks(page, mock, [...existing, ...imported]);
    expect(seen, 'all imported records became visible at once').toBe(backedUp.length);

    // The kills really did land on both sides of the commit.
    console.log(`import took ${spanMs} ms; after each kill: ${outcomes.join(', ')}`);
    expect(outcomes).toContain('none');
    expect(outcomes).toContain('all');
  } finally {
    if (ext !== first) await ext.close();
  }
});
