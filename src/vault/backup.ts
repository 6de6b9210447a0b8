import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { AppError } from '@/src/shared/errors';
import { dataKeyAssociatedData, deriveKeyEncryptionKey, importDataKey, open, seal } from './crypto';
import type { VaultDatabase } from './db';
import { fromBase64, toBase64, utf8, zeroize } from './encoding';
import { SecretPayload, SecretRecord, VaultMeta } from './format';
import { headerProblem } from './header';
import { throttledError, UnlockThrottle } from './unlock-throttle';
import type { KeyRecords } from './key-records';
import { associatedDataFor } from './reseal';
import { deriveMacKey } from '@/src/session/unlocked-session';
import type { UnlockedSession } from '@/src/session/unlocked-session';
import type { Vault } from './vault';

export const BACKUP_FORMAT = 'keyward-vault-backup';
export const BACKUP_VERSION = 1;

const BackupBody = lazySchema(() => z.strictObject({ vault: VaultMeta, records: z.array(SecretRecord).check(z.maxLength(10_000)) }));
type BackupBody = z.infer<typeof BackupBody>;

const BackupFile = lazySchema(() =>
  z.strictObject({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    exportedAt: z.string(),
    body: BackupBody,
    mac: z.string(),
  }),
);

export interface BackupDeps {
  db: VaultDatabase;
  vault: Vault;
  keys: KeyRecords;
  session: UnlockedSession;
  now: () => number;
}

const invalid = (why: Phrase) => new AppError('BACKUP_INVALID', phrase('error_backupInvalid', why));

function macInput(body: BackupBody): Uint8Array<ArrayBuffer> {
  return utf8.encode(JSON.stringify(body));
}

/**
 * The encrypted vault as a file: the header, every sealed record, and an HMAC over both. No plaintext secret.
 * In the file each record is sealed under the data key itself, not under this browser's epoch
 * record key (src/vault/epochs.ts), so the backup opens with its passphrase alone.
 * Run it in the vault's queue (Vault.withPassphrase), so no rekey lands half-way.
 */
export async function exportBackup(deps: BackupDeps): Promise<{ fileName: string; content: string }> {
  const vault = await deps.vault.requireUnlocked();
  const rows: unknown[] = await deps.db.secrets.orderBy('createdAt').toArray();
  const records: SecretRecord[] = [];
  for (const row of rows) {
    const parsed = SecretRecord.safeParse(row);
    if (!parsed.success) continue;
    const ad = associatedDataFor(parsed.data, vault.vaultId, vault.meta.formatVersion);
    const plaintext = await open(vault.recordKey, parsed.data.sealed, ad, () => invalid(phrase('error_backup_recordDamaged'))).catch(() => undefined);
    // A damaged record goes into the file as it is, as before: it fails there as it fails here.
    if (!plaintext) {
      records.push(parsed.data);
      continue;
    }
    records.push({ ...parsed.data, sealed: await seal(vault.key, plaintext, ad) });
    plaintext.fill(0);
  }
  const body: BackupBody = { vault: vault.meta, records };
  const mac = await crypto.subtle.sign('HMAC', vault.macKey, macInput(body));
  const exportedAt = new Date(deps.now()).toISOString();
  const content = JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt, body, mac: toBase64(new Uint8Array(mac)) }, null, 2);
  return { fileName: `keyward-vault-${exportedAt.slice(0, 10)}.json`, content };
}

function parseBackup(content: string) {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw invalid(phrase('error_backup_truncated'));
  }
  const parsed = BackupFile.safeParse(json);
  if (!parsed.success) throw invalid(phrase('error_backup_notBackup'));
  return parsed.data;
}

/**
 * The backup's data key, from its passphrase. The header meets the same rules as the vault's own
 * at unlock (headerProblem), and each guess counts against the same throttle: without it, import
 * would be a way to try passphrases against a stolen backup at full speed through the worker.
 * A correct backup passphrase does not reset the throttle, since it may differ from the vault's
 * (resetting would let a known backup clear the delay between guesses at the vault's passphrase).
 */
async function unwrapBackupKey(deps: BackupDeps, meta: VaultMeta, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  const problem = headerProblem(meta);
  if (problem) throw invalid(problem.detail);
  const throttle = new UnlockThrottle(deps.db, deps.now);
  const waitMs = await throttle.waitMs();
  if (waitMs > 0) throw throttledError(waitMs);
  const kek = await deriveKeyEncryptionKey(passphrase, meta.kdf);
  try {
    return await open(kek, meta.wrappedDataKey, dataKeyAssociatedData(meta.vaultId, meta.formatVersion, meta.kdf, meta.dataKeyId), () =>
      new AppError('WRONG_PASSPHRASE', phrase('error_backupWrongPassphrase')),
    );
  } catch (error) {
    await throttle.recordFailure();
    throw error;
  }
}

/**
 * Verifies a backup with its own passphrase, then restores it into an empty vault or merges its
 * keys into the unlocked one. Existing keys are never replaced; identical ones are skipped.
 */
export async function importBackup(deps: BackupDeps, content: string, passphrase: string): Promise<{ added: number; skipped: number }> {
  const file = parseBackup(content);
  const { vault: meta, records } = file.body;
  const raw = await unwrapBackupKey(deps, meta, passphrase);
  try {
    const macKey = await deriveMacKey(raw);
    let macBytes: Uint8Array<ArrayBuffer>;
    try {
      macBytes = fromBase64(file.mac);
    } catch {
      throw invalid(phrase('error_backup_macDamaged'));
    }
    if (!(await crypto.subtle.verify('HMAC', macKey, macBytes, macInput(file.body)))) {
      throw invalid(phrase('error_backup_modified'));
    }
    const backupKey = await importDataKey(raw.slice());
    const secrets: SecretPayload[] = [];
    for (const record of records) {
      const plaintext = await open(backupKey, record.sealed, associatedDataFor(record, meta.vaultId, meta.formatVersion), () =>
        invalid(phrase('error_backup_keyUndecryptable', record.label)),
      );
      const secret = SecretPayload.safeParse(JSON.parse(utf8.decode(plaintext)));
      plaintext.fill(0);
      if (!secret.success) throw invalid(phrase('error_backup_keyMalformed', record.label));
      secrets.push(secret.data);
    }
    if ((await deps.db.meta.count()) === 0) return await restore(deps, meta, records, raw);
    return await merge(deps, records, secrets);
  } finally {
    zeroize(raw);
  }
}

async function restore(deps: BackupDeps, meta: VaultMeta, records: SecretRecord[], raw: Uint8Array<ArrayBuffer>) {
  // The vault writes it under a new epoch key and opens the session (see Vault.restore).
  await deps.vault.restore(meta, records, raw.slice());
  return { added: records.length, skipped: 0 };
}

function sameConnection(a: SecretRecord, aSecret: SecretPayload, b: SecretRecord, bSecret: SecretPayload): boolean {
  return a.provider === b.provider && JSON.stringify(a.settings) === JSON.stringify(b.settings) && JSON.stringify(aSecret) === JSON.stringify(bSecret);
}

async function merge(deps: BackupDeps, records: SecretRecord[], secrets: SecretPayload[]) {
  return deps.vault.exclusive(async () => {
    const vault = await deps.vault.requireUnlocked();
    const existing = await Promise.all(
      (await deps.db.secrets.toArray()).map((row) => deps.keys.decrypt(vault, row.id).catch(() => undefined)),
    );
    const toAdd: SecretRecord[] = [];
    let skipped = 0;
    for (const [index, record] of records.entries()) {
      const secret = secrets[index] as SecretPayload;
      if (existing.some((have) => have && sameConnection(have.record, have.secret, record, secret))) {
        skipped++;
        continue;
      }
      toAdd.push(await deps.keys.sealRecord(vault, { ...record, id: crypto.randomUUID(), lastUsedAt: null }, secret));
    }
    const { db } = deps;
    await db.transaction('rw', ['meta', 'secrets', 'epoch'], async (tx) => {
      if ((await tx.meta.get('main'))?.dataKeyId !== vault.dataKeyId || (await tx.epoch.get('current'))?.epochId !== vault.epochId) {
        throw new AppError('CONFLICT', phrase('error_vaultChangedNotImported'));
      }
      await tx.secrets.bulkAdd(toAdd);
    });
    return { added: toAdd.length, skipped };
  });
}
