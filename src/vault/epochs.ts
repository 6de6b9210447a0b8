import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { utf8 } from './encoding';

/**
 * Crypto-erasure of old vault copies.
 *
 * Chromium keeps every IndexedDB database of an origin in one LevelDB, and LevelDB leaves
 * overwritten and deleted values in its .log/.ldb files until a compaction that may never come
 * (measured in Chromium 156 by tests/security/storage-residue.spec.ts: an overwritten row, a
 * deleted row and a deleted database are all still in the files after a SIGKILL, and after a
 * restart and a clean close). So a sealed record that was deleted, rotated or re-sealed stays on
 * disk. What this module makes sure is that such a copy can no longer be opened.
 *
 * Records are sealed under a record key derived from the data key AND an epoch key: 32 random
 * bytes kept in a file of the origin private file system (OPFS), not in IndexedDB. Removing or
 * overwriting an OPFS file leaves no copy of its bytes in the profile (same test). Every rekey
 * (passphrase change, key deletion, rotation, wipe) makes a new epoch key, re-seals the records
 * under the new record key, and deletes the old epoch file: every copy sealed under the old
 * record key, wherever LevelDB left it, is then unreadable even with the passphrase.
 */

export const EPOCH_KEY_BYTES = 32;

/** Where the epoch keys are kept: one file per epoch, named by its id. */
export interface EpochKeyStore {
  write(epochId: string, key: Uint8Array<ArrayBuffer>): Promise<void>;
  /** The key, or undefined when its file is gone. */
  read(epochId: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
  remove(epochId: string): Promise<void>;
  list(): Promise<string[]>;
}

const FILE_SUFFIX = '.epoch-key';
const EPOCH_ID = /^[0-9a-f-]{36}$/;

function notFound(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'NotFoundError' : (error as { name?: unknown } | null)?.name === 'NotFoundError';
}

/** The epoch keys in OPFS (`navigator.storage.getDirectory()`), in a directory named after the vault's database. */
export class OpfsEpochKeyStore implements EpochKeyStore {
  constructor(private readonly directory: string) {}

  private async dir(): Promise<FileSystemDirectoryHandle> {
    const storage = (globalThis.navigator as Navigator | undefined)?.storage;
    if (typeof storage?.getDirectory !== 'function') {
      throw new AppError('INTERNAL', phrase('error_noPrivateStorage'));
    }
    return (await storage.getDirectory()).getDirectoryHandle(this.directory, { create: true });
  }

  async write(epochId: string, key: Uint8Array<ArrayBuffer>): Promise<void> {
    if (!EPOCH_ID.test(epochId)) throw new TypeError('bad epoch id');
    const file = await (await this.dir()).getFileHandle(`${epochId}${FILE_SUFFIX}`, { create: true });
    const writable = await file.createWritable({ keepExistingData: false });
    try {
      await writable.write(key);
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
    // Resolves once the browser has moved the written file into place.
    await writable.close();
  }

  async read(epochId: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    if (!EPOCH_ID.test(epochId)) return undefined;
    try {
      const file = await (await this.dir()).getFileHandle(`${epochId}${FILE_SUFFIX}`);
      const bytes = new Uint8Array(await (await file.getFile()).arrayBuffer());
      return bytes.length === EPOCH_KEY_BYTES ? bytes : undefined;
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async remove(epochId: string): Promise<void> {
    try {
      await (await this.dir()).removeEntry(`${epochId}${FILE_SUFFIX}`);
    } catch (error) {
      if (!notFound(error)) throw error;
    }
  }

  async list(): Promise<string[]> {
    const ids: string[] = [];
    const dir = (await this.dir()) as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
    for await (const name of dir.keys()) {
      if (name.endsWith(FILE_SUFFIX)) ids.push(name.slice(0, -FILE_SUFFIX.length));
    }
    return ids;
  }
}

/**
 * The key records are sealed under: HKDF-SHA256 with the data key as input key material, the
 * epoch key as salt and the epoch id in the info. Neither key alone gives it.
 */
export async function deriveRecordKey(root: CryptoKey, epochKey: Uint8Array<ArrayBuffer>, epochId: string): Promise<CryptoKey> {
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: epochKey, info: utf8.encode(`keyward.record-key.v1:${epochId}`) },
    root,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export function missingEpochKey(): AppError {
  return new AppError(
    'VAULT_DAMAGED',
    phrase('error_keyFileDamaged'),
  );
}
