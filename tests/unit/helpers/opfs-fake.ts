/**
 * A small in-memory stand-in for the origin private file system (navigator.storage.getDirectory),
 * enough for the vault's epoch keys (src/vault/epochs.ts): directories, files, atomic writes on
 * close (as Chromium's swap file), removal. Node has no OPFS; tests/unit/setup.ts installs this one.
 */

function notFound(what: string): DOMException {
  return new DOMException(`${what} was not found.`, 'NotFoundError');
}

class FakeFileHandle {
  readonly kind = 'file';
  bytes = new Uint8Array(0);

  constructor(readonly name: string) {}

  async getFile(): Promise<{ size: number; arrayBuffer(): Promise<ArrayBuffer> }> {
    const copy = this.bytes.slice();
    return { size: copy.length, arrayBuffer: async () => copy.buffer };
  }

  async createWritable(options?: { keepExistingData?: boolean }) {
    let pending = options?.keepExistingData ? this.bytes.slice() : new Uint8Array(0);
    let done = false;
    return {
      write: async (data: Uint8Array | ArrayBuffer | string) => {
        if (done) throw new TypeError('closed');
        const chunk = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data instanceof ArrayBuffer ? data : data.slice().buffer);
        const next = new Uint8Array(pending.length + chunk.length);
        next.set(pending);
        next.set(chunk, pending.length);
        pending = next;
      },
      close: async () => {
        if (done) throw new TypeError('closed');
        done = true;
        this.bytes = pending;
      },
      abort: async () => {
        done = true;
      },
    };
  }
}

class FakeDirectoryHandle {
  readonly kind = 'directory';
  private readonly entries = new Map<string, FakeDirectoryHandle | FakeFileHandle>();

  constructor(readonly name: string) {}

  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FakeDirectoryHandle> {
    const found = this.entries.get(name);
    if (found instanceof FakeDirectoryHandle) return found;
    if (found) throw new DOMException('A file has that name.', 'TypeMismatchError');
    if (!options?.create) throw notFound(name);
    const made = new FakeDirectoryHandle(name);
    this.entries.set(name, made);
    return made;
  }

  async getFileHandle(name: string, options?: { create?: boolean }): Promise<FakeFileHandle> {
    const found = this.entries.get(name);
    if (found instanceof FakeFileHandle) return found;
    if (found) throw new DOMException('A directory has that name.', 'TypeMismatchError');
    if (!options?.create) throw notFound(name);
    const made = new FakeFileHandle(name);
    this.entries.set(name, made);
    return made;
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.entries.delete(name)) throw notFound(name);
  }

  async *keys(): AsyncGenerator<string> {
    for (const name of [...this.entries.keys()]) yield name;
  }
}

let root = new FakeDirectoryHandle('');

/** Forgets every file, as a new profile would. */
export function resetFakeOpfs(): void {
  root = new FakeDirectoryHandle('');
}

export function installFakeOpfs(): void {
  const nav = globalThis.navigator as unknown as { storage?: { getDirectory?: unknown } } | undefined;
  if (!nav) return;
  const storage = nav.storage ?? {};
  Object.defineProperty(storage, 'getDirectory', { configurable: true, value: async () => root });
  if (!nav.storage) Object.defineProperty(nav, 'storage', { configurable: true, value: storage });
}
